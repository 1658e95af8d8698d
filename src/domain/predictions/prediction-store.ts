import type { LoggedTensor, PredictionRecord } from './prediction.js';

/** A logged prediction as reads answer it: the record with its project's name instead of ids, its tensors in log form. */
export type Prediction = Omit<PredictionRecord, 'deploymentId' | 'projectId' | 'inputs' | 'outputs'> & { project: string; inputs: LoggedTensor[]; outputs: LoggedTensor[] };

/** A stored prediction with the ids that authorize it. */
export type StoredPrediction = Prediction & Pick<PredictionRecord, 'deploymentId' | 'projectId'>;

/** Where a newest-first listing continues: below this (time, id). */
export interface PredictionCursor {
  time: number;
  id: string;
}

/** A deployment whose logged predictions the retention pass purges. */
export interface RetentionTarget {
  deploymentId: number;
  /** The current revision's `logging.retentionDays`; `null` when the deployment no longer exists. */
  retentionDays: number | null;
}

/**
 * The prediction log. Not audited: a prediction is not a state change anyone decided, and at
 * thousands per second an audit event each would swamp the chain; the deployment revisions that
 * decide what serves (and how much is logged) are audited.
 */
export interface PredictionStore {
  /** Appends a batch atomically; an id logged before is ignored. */
  insert(records: readonly PredictionRecord[]): Promise<void>;
  /** The prediction, unless unknown or its deployment was deleted. */
  get(id: string): Promise<StoredPrediction | null>;
  /** A deployment's predictions, newest first (time, then id), starting below `after`. */
  list(deploymentId: number, page: { limit: number; after?: PredictionCursor }): Promise<StoredPrediction[]>;
  /**
   * A deployment's predictions after `after` (exclusive) in ascending (time, id) order, only those
   * with time below `before` when given: how monitors read the log incrementally.
   */
  listAfter(deploymentId: number, after: PredictionCursor | null, limit: number, before?: number): Promise<StoredPrediction[]>;
  /** Every deployment that has logged predictions, with its retention. */
  retentionTargets(): Promise<RetentionTarget[]>;
  /**
   * Deletes up to `limit` of the deployment's predictions older than `before` (all of them when
   * `before` is null); answers how many went. Callers repeat until fewer than `limit` go.
   */
  purge(deploymentId: number, before: number | null, limit: number): Promise<number>;
}
