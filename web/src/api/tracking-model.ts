/** The UI's own normalised view of tracking entities: numbers are numbers, maps are maps. */

export interface Experiment {
  id: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  creationTime: number | null;
  lastUpdateTime: number | null;
  tags: Map<string, string>;
}

export interface MetricPoint {
  key: string;
  /** NaN and ±Infinity are legal values. */
  value: number;
  timestamp: number;
  step: number;
}

export interface Run {
  id: string;
  name: string;
  experimentId: string;
  userId: string;
  status: string;
  startTime: number | null;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: string;
  /** Latest value per metric key. */
  metrics: Map<string, MetricPoint>;
  params: Map<string, string>;
  tags: Map<string, string>;
  datasets: { name: string; digest: string; sourceType: string; source: string; context: string }[];
}

export interface ArtifactEntry {
  /** Path relative to the run's artifact root, e.g. `model/MLmodel`. */
  path: string;
  name: string;
  isDir: boolean;
  size: number | null;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}
