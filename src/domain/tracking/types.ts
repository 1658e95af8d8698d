/** Plain tracking entities. Times are Unix epoch milliseconds. */

export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export const runStatuses = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof runStatuses)[number];

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
  /** The project the experiment belongs to; it never moves to another one. */
  projectId: number;
  /** The project's name, as native responses carry it. */
  project: string;
  tags: KeyValue[];
}

export interface RunInfo {
  runId: string;
  runName: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
}

export interface Metric {
  key: string;
  /** NaN and ±Infinity are legal values. */
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
  data: { metrics: Metric[]; params: KeyValue[]; tags: KeyValue[] };
  inputs: { datasetInputs: DatasetInput[] };
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export interface RunSearch {
  experimentIds: string[];
  filter: string;
  viewType: ViewType;
  maxResults: number;
  orderBy: string[];
  pageToken?: string;
}

export interface ExperimentSearch {
  filter: string;
  viewType: ViewType;
  maxResults: number;
  orderBy: string[];
  pageToken?: string;
  /** Only experiments of this project (by name); the caller must be able to read it. */
  project?: string;
}

export interface MetricHistoryQuery {
  runId: string;
  key: string;
  maxResults?: number;
  pageToken?: string;
}

export interface BulkIntervalQuery {
  runIds: string[];
  key: string;
  startStep?: number;
  endStep?: number;
  maxResults: number;
}

export interface RunMetric extends Metric {
  runId: string;
}

/** Tags that MLflow clients and the UI give meaning to. */
export const systemTags = {
  runName: 'mlflow.runName',
  user: 'mlflow.user',
  parentRunId: 'mlflow.parentRunId',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitDirty: 'cairn.source.git.dirty',
  logModelHistory: 'mlflow.log-model.history',
  note: 'mlflow.note.content',
} as const;

export const defaultExperimentId = '0';
export const defaultExperimentName = 'Default';
