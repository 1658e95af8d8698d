/**
 * Entities of Cairn's native API as the SDK returns them. Times are Unix epoch milliseconds.
 * Metric values are plain numbers here: the SDK decodes the API's "NaN"/"Infinity" strings.
 * (A type test checks these against the server's zod schemas, so they cannot drift.)
 */

export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface KeyValue {
  key: string;
  value: string;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: KeyValue[];
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  /** Null while the run has not ended. */
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface Metric {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

export interface Dataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  tags: KeyValue[];
  dataset: Dataset;
}

export interface Run {
  info: RunInfo;
  /** `metrics` holds the latest value of each key; `getMetricHistory` has them all. */
  data: { metrics: Metric[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { datasetInputs: DatasetInput[] };
}

export interface FileInfo {
  /** Relative to the run's artifact root, e.g. `model/MLmodel`. */
  path: string;
  isDir: boolean;
  /** Absent for folders. */
  fileSize?: number;
}

export interface ExperimentPage {
  experiments: Experiment[];
  nextPageToken?: string;
}

export interface RunPage {
  runs: Run[];
  nextPageToken?: string;
}

export interface MetricHistory {
  metrics: Metric[];
  nextPageToken?: string;
}

export interface ArtifactListing {
  /** The run's artifact URI. */
  rootUri: string;
  /** Children of the listed folder, in path order. */
  files: FileInfo[];
}

export interface SearchOptions {
  /** Search grammar, e.g. `metrics.rmse < 0.5 AND params.model = 'gbm'`. */
  filter?: string;
  viewType?: ViewType;
  maxResults?: number;
  /** e.g. `['metrics.rmse ASC']`. */
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateExperimentOptions {
  artifactLocation?: string;
  tags?: Record<string, string>;
}

export interface CreateRunOptions {
  /** Defaults to the Default experiment, "0". */
  experimentId?: string;
  runName?: string;
  startTime?: number;
  userId?: string;
  /** Makes the new run a child of this one. */
  parentRunId?: string;
  tags?: Record<string, string>;
}

export interface UpdateRunOptions {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface MetricPoint {
  key: string;
  value: number;
  /** Defaults to now. */
  timestamp?: number;
  /** Defaults to 0. */
  step?: number;
}

export interface LogBatchOptions {
  metrics?: MetricPoint[];
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
}
