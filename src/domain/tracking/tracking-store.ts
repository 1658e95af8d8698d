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
  /** The default project when absent. */
  projectId?: number;
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
 * A rule a run must meet for a write to it to go ahead (e.g. "the run is active"). The store checks
 * it inside the write's own transaction, which costs one lookup per group of concurrent writes
 * instead of one per call, and leaves no gap in which the run could change. Throwing refuses that
 * call alone, with the error thrown.
 */
export type RunPrecondition = (run: { runId: string; lifecycleStage: LifecycleStage }) => void;

/**
 * One page of a metric's history as finished JSON. It exists for big series: for 100,000 points,
 * turning rows into objects and serialising them again cost twice as much as the database read
 * itself, and a point's wire form is the same in the MLflow and the native API, so the database
 * writes it once and the HTTP surfaces send it untouched. Bytes rather than a string, because
 * SQLite hands out UTF-8 and the socket takes UTF-8: a JavaScript string in between costs a
 * conversion each way (about 15 ms of CPU for 100,000 points).
 */
export interface MetricHistoryJson {
  /**
   * UTF-8 text of a JSON array of `{"key", "value", "timestamp", "step"}` objects ordered by step,
   * then timestamp. NaN and infinities are the strings "NaN", "Infinity" and "-Infinity"; other
   * values are written with enough digits to parse back to the very same double.
   */
  json: Uint8Array;
  /** How many points `json` holds. */
  count: number;
  /** Whether more points follow this page; always false for a page without a limit. */
  more: boolean;
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
  /** A new run name also sets the run's `mlflow.runName` tag, in the same transaction. */
  updateRun(runId: string, update: RunUpdate): Promise<RunInfo>;
  setRunLifecycle(runId: string, stage: LifecycleStage, now: number): Promise<void>;
  /**
   * All or nothing. Re-logging a param with a different value fails with INVALID_ARGUMENT; an
   * unknown run with NOT_FOUND; a run that fails `precondition` with the error it throws.
   * A `mlflow.runName` tag also renames the run row, in the same transaction.
   */
  logBatch(runId: string, batch: RunBatch, precondition?: RunPrecondition): Promise<void>;
  deleteRunTag(runId: string, key: string): Promise<void>;
  logInputs(runId: string, inputs: DatasetInput[]): Promise<void>;
  searchRuns(query: RunQuery): Promise<Run[]>;

  /** Ordered by step, then timestamp; every point from `offset` on when `limit` is absent. */
  getMetricHistoryJson(runId: string, key: string, page: { offset: number; limit?: number }): Promise<MetricHistoryJson>;
  getMetricHistoryBulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]>;
}

export type { ViewType };
