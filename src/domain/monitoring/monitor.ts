import type { DriftOptions } from './drift/drift-types.js';
import type { DatasetProfile } from './profile/profile-types.js';

export const severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof severities)[number];

/**
 * Tumbling windows of logged predictions: by time (aligned to the epoch, e.g. every whole hour) or
 * by count (each run of `predictions` consecutive predictions).
 */
export type MonitorWindow = { kind: 'time'; minutes: number } | { kind: 'count'; predictions: number };

/** What the model predicts, so labels can be scored: which output holds the prediction (and the probabilities). */
export type MonitorTask =
  | { kind: 'classification'; predictionOutput?: string; probabilityOutput?: string; positiveLabel?: string }
  | { kind: 'regression'; predictionOutput?: string };

export const performanceMetricNames = ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss', 'mae', 'rmse', 'mape', 'r2'] as const;
export type PerformanceMetricName = (typeof performanceMetricNames)[number];

export type MonitorCheck =
  | { kind: 'dataset_drift'; severity: Severity }
  /** One feature, or every feature when `feature` is absent (one result and one alert per feature). */
  | { kind: 'feature_drift'; feature?: string; severity: Severity }
  | { kind: 'prediction_drift'; severity: Severity }
  /** Fails when the metric is below `min` or above `max`; windows with fewer than `minLabelled` labels (default 1) are not judged. */
  | { kind: 'performance'; metric: PerformanceMetricName; min?: number; max?: number; minLabelled?: number; severity: Severity };

export type MonitorAction =
  /** Requests retraining (a hook later pipelines connect to): a retrain request row and a `monitor.retrain` event. */
  | { kind: 'retrain'; minSeverity: Severity }
  /** Opens a promotion request moving `alias` of the deployment's model to the version at `challengerAlias`. */
  | { kind: 'promote_challenger'; minSeverity: Severity; challengerAlias: string; alias: string };

export interface MonitorSpec {
  name: string;
  /** Cron, 5 fields (or 6 with seconds first), in UTC. */
  schedule: string;
  window: MonitorWindow;
  /** Names for the flattened input columns, in order; default `<input>` for a column input, `<input>[i]` for column i of a matrix. */
  features?: string[];
  task?: MonitorTask;
  drift?: DriftOptions;
  checks: MonitorCheck[];
  actions: MonitorAction[];
  enabled: boolean;
}

export interface Monitor extends MonitorSpec {
  id: number;
  deployment: string;
  project: string;
  createdTime: number;
  createdBy: string;
  updatedTime: number;
}

export interface StoredMonitor extends Monitor {
  deploymentId: number;
  projectId: number;
}

/** What one run did (POST /monitors/{id}/run answers it; the scheduler logs it). */
export interface MonitorRunSummary {
  windowsClosed: number;
  predictionsRead: number;
  results: number;
  alertsOpened: number;
  alertsResolved: number;
}

/** One check judged on one window: the time series the monitoring page plots. */
export interface MonitorResult {
  monitorId: number;
  windowStart: number;
  windowEnd: number;
  /** Predictions in the window (labelled ones for performance checks). */
  rows: number;
  /** `dataset_drift`, `feature_drift:<feature>`, `prediction_drift:<output>`, `performance:<metric>`. */
  checkKey: string;
  kind: MonitorCheck['kind'];
  feature: string | null;
  /** Drift method or metric name. */
  method: string;
  /** The score (p-value, distance, share or metric); null when the window could not be judged. */
  value: number | null;
  threshold: number | null;
  passed: boolean | null;
  severity: Severity;
  /** Why value is null (empty window, too few labels, feature missing from the predictions). */
  note: string | null;
  computedTime: number;
}

export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** At most one unresolved alert per (monitor, checkKey): a check that keeps failing bumps `occurrences`. */
export interface Alert {
  id: number;
  monitorId: number;
  monitor: string;
  deployment: string;
  project: string;
  checkKey: string;
  severity: Severity;
  status: AlertStatus;
  message: string;
  value: number | null;
  threshold: number | null;
  occurrences: number;
  openedTime: number;
  lastSeenTime: number;
  acknowledgedBy: string | null;
  acknowledgedTime: number | null;
  /** `auto` when the check passed again, else who resolved it. */
  resolvedBy: string | null;
  resolvedTime: number | null;
}

export const referenceSources = ['upload', 'lineage', 'predictions'] as const;
export type ReferenceSource = (typeof referenceSources)[number];

/** What a monitor compares windows with. */
export interface MonitorReference {
  monitorId: number;
  source: ReferenceSource;
  /** File name, `runs:/<id>/<path>` of the training dataset, or the prediction time range. */
  description: string;
  rows: number;
  createdTime: number;
  createdBy: string;
  /**
   * For a `lineage` reference: the model version whose training dataset it is. Monitor runs follow
   * the deployment: when it serves another version, the next run takes that version's training data.
   */
  modelVersion?: { model: string; version: number };
  profile: DatasetProfile;
}
