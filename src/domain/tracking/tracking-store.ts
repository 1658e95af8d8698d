import type {
  BulkIntervalQuery,
  DatasetInput,
  Experiment,
  KeyValue,
  LifecycleStage,
  Metric,
  Run,
  RunInfo,
  RunMetric,
  RunStatus,
  ViewType,
} from './types.js';
import type { ExperimentQuery, RunQuery } from './search/search-query.js';

export interface NewExperiment {
  name: string;
  /** When absent the store derives it from the new id with `artifactLocationFor`. */
  artifactLocation?: string;
  artifactLocationFor: (experimentId: string) => string;
  tags: KeyValue[];
  now: number;
}

export interface NewRun {
  runId: string;
  experimentId: string;
  userId: string;
  runName: string;
  startTime: number;
  artifactUri: string;
  tags: KeyValue[];
}

export interface RunUpdate {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface RunBatch {
  metrics: Metric[];
  params: KeyValue[];
  tags: KeyValue[];
}

/**
 * Persistence of experiments, runs and their series. Validation of limits and lifecycle rules lives
 * in the service; the store only enforces what needs a transaction (param immutability, uniqueness).
 */
export interface TrackingStore {
  createExperiment(experiment: NewExperiment): Promise<string>;
  getExperiment(experimentId: string): Promise<Experiment | undefined>;
  /** Prefers an active experiment over a deleted one of the same name. */
  getExperimentByName(name: string): Promise<Experiment | undefined>;
  renameExperiment(experimentId: string, newName: string, now: number): Promise<void>;
  setExperimentLifecycle(experimentId: string, stage: LifecycleStage, now: number): Promise<void>;
  setExperimentTag(experimentId: string, tag: KeyValue, now: number): Promise<void>;
  deleteExperimentTag(experimentId: string, key: string, now: number): Promise<void>;
  /** Returns at most `query.limit` rows from `query.offset`; the service asks one extra to see a next page. */
  searchExperiments(query: ExperimentQuery): Promise<Experiment[]>;

  createRun(run: NewRun): Promise<void>;
  getRun(runId: string): Promise<Run | undefined>;
  getRunInfo(runId: string): Promise<RunInfo | undefined>;
  updateRun(runId: string, update: RunUpdate): Promise<RunInfo>;
  setRunLifecycle(runId: string, stage: LifecycleStage, now: number): Promise<void>;
  /** All or nothing. Re-logging a param with a different value fails with INVALID_ARGUMENT. */
  logBatch(runId: string, batch: RunBatch): Promise<void>;
  deleteRunTag(runId: string, key: string): Promise<void>;
  logInputs(runId: string, inputs: DatasetInput[]): Promise<void>;
  searchRuns(query: RunQuery): Promise<Run[]>;

  /** Ordered by step, then timestamp. */
  getMetricHistory(runId: string, key: string, page: { offset: number; limit: number }): Promise<Metric[]>;
  getMetricHistoryBulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]>;
}

export type { ViewType };
