import type { LoggedTensor } from '../predictions/prediction.js';
import type { StoredPrediction } from '../predictions/prediction-store.js';
import type { Feedback, FeedbackSource } from './feedback.js';

/** A label (or comment) ready to store: the prediction it belongs to was checked to exist. */
export interface NewFeedback {
  predictionId: string;
  label: string | number | null;
  comment: string | null;
  source: FeedbackSource;
  createdBy: string;
  createdTime: number;
}

/** The deployment feedback is recorded for (its stored ids and name). */
export interface FeedbackDeployment {
  id: number;
  projectId: number;
  name: string;
}

/** A labelled prediction as performance scoring reads it. */
export interface LabelledPrediction {
  predictionId: string;
  /** The prediction's time (windows are by prediction time). */
  time: number;
  outputs: LoggedTensor[];
  label: string | number;
}

/** Where a feedback listing continues: below this (createdTime, predictionId). */
export interface FeedbackCursor {
  createdTime: number;
  predictionId: string;
}

/**
 * Ground truth for logged predictions: at most one feedback row per prediction (a later label for
 * the same prediction replaces the earlier one, so a corrected label is not counted twice). Writes
 * end with one `feedback.record` audit event per call.
 */
export interface FeedbackStore {
  /**
   * Stores every item or none, with one audit event. Prediction ids that are not logged for the
   * deployment fail the whole call with INVALID_ARGUMENT naming them (the first few, and how many).
   */
  record(deployment: FeedbackDeployment, items: readonly NewFeedback[]): Promise<Feedback[]>;
  /** A deployment's feedback, newest first (createdTime, then prediction id), below `after`. */
  list(deploymentId: number, page: { limit: number; after?: FeedbackCursor }): Promise<Feedback[]>;
  /** Predictions of [from, to) (by prediction time) that have a non-null label, oldest first. */
  labelled(deploymentId: number, from: number, to: number): Promise<LabelledPrediction[]>;
  /** Prediction times of feedback created after `since` (exclusive), so windows with late labels are re-scored. */
  labelledSince(deploymentId: number, since: number): Promise<number[]>;
  /** The deployment's newest `limit` predictions that have no feedback yet, newest first. */
  unlabelled(deploymentId: number, limit: number): Promise<StoredPrediction[]>;
}
