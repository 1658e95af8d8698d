import type { PredictionCursor } from '../predictions/prediction-store.js';
import type { Alert, AlertStatus, MonitorResult, MonitorSpec, StoredMonitor } from './monitor.js';
import type { DriftReport } from './drift/drift-types.js';
import type { PerformanceMetrics } from './performance/performance-types.js';

/** What a window keeps between runs besides its counts. */
export interface WindowState {
  /** WindowSketch JSON; null when the monitor had no reference while the window filled. */
  sketch: unknown;
  /** Which reference the sketch's layout came from: a new reference makes the open window be re-read. */
  referenceKey: string | null;
  /** Column names the outputs flattened to (prediction drift tests these; dataset drift the others). */
  outputs: string[];
  /** The log cursor just before the window's first prediction: re-reading the window starts here. */
  begin: PredictionCursor | null;
}

export interface StoredWindow {
  seq: number;
  start: number;
  /** Exclusive. For count windows, just after the last prediction so far. */
  end: number;
  closed: boolean;
  rows: number;
  predictions: number;
  state: WindowState;
  drift: DriftReport | null;
  performance: PerformanceMetrics | null;
}

/** Where a monitor's processing stands. */
export interface MonitorRunState {
  cursor: PredictionCursor | null;
  feedbackSince: number;
  /** Bumped by every commit: a run commits only if nobody committed since it read this. */
  version: number;
  /** The highest window seq so far (0 before any). */
  lastSeq: number;
  /** End of the newest closed window; null before any. */
  lastClosedEnd: number | null;
}

/** A result to store, with the alert message used if it fails. */
export interface NewResult extends MonitorResult {
  windowSeq: number;
  message: string;
  /**
   * Re-scored because labels arrived late for an older window: it may open an alert when none is
   * unresolved, but never bumps or resolves one (alerts follow the newest windows).
   */
  late?: boolean;
}

/** Everything one run (or one page of it) changes, written in one transaction. */
export interface RunCommit {
  cursor: PredictionCursor | null;
  feedbackSince: number;
  /** Inserted or replaced by seq. */
  windows: StoredWindow[];
  /** Inserted or replaced by (window, checkKey); in window order, so alerts follow the latest window. */
  results: NewResult[];
  now: number;
}

export interface CommitOutcome {
  opened: Alert[];
  resolved: Alert[];
}

export interface ResultQuery {
  from?: number;
  to?: number;
  checkKey?: string;
  limit: number;
}

/**
 * Monitors, their windows and results, and the alerts runs open and resolve. Spec changes end with
 * `monitor.create|update|delete`; alerts a run opens or resolves with `alert.open|resolve`.
 */
export interface MonitorStore {
  count(deploymentId: number): Promise<number>;
  /** ALREADY_EXISTS when the deployment has a monitor of that name. */
  create(deployment: { id: number; projectId: number }, spec: MonitorSpec, createdBy: string, now: number, feedbackSince: number): Promise<StoredMonitor>;
  get(id: number): Promise<StoredMonitor | null>;
  /** Ordered by name. */
  list(deploymentId: number): Promise<StoredMonitor[]>;
  /** Every monitor of a deployment that still exists, ordered by id. */
  listAll(): Promise<StoredMonitor[]>;
  /** `dropOpenWindow`: the window definition changed, so the open window no longer fits it. */
  update(monitor: StoredMonitor, spec: MonitorSpec, now: number, dropOpenWindow: boolean): Promise<StoredMonitor>;
  /** With its windows, results and alerts. */
  delete(monitor: StoredMonitor): Promise<void>;
  runState(monitorId: number): Promise<MonitorRunState | null>;
  openWindow(monitorId: number): Promise<StoredWindow | null>;
  /** Closed windows containing any of `times`. */
  closedWindowsAt(monitorId: number, times: readonly number[]): Promise<StoredWindow[]>;
  /** Newest first, the open window included. */
  windows(monitorId: number, limit: number): Promise<StoredWindow[]>;
  /** Oldest first. */
  results(monitorId: number, query: ResultQuery): Promise<MonitorResult[]>;
  /**
   * Writes a run's changes and applies its results to alerts (a failed check opens an alert or
   * bumps the unresolved one; a passed check resolves it as `auto`), unless another run committed
   * since `expectedVersion`: then nothing is written and the answer is null.
   */
  commitRun(monitor: StoredMonitor, expectedVersion: number, commit: RunCommit): Promise<CommitOutcome | null>;
}

export interface StoredAlert extends Alert {
  projectId: number;
  deploymentId: number;
}

/** Alerts as people handle them; each change ends with its `alert.*` audit event. */
export interface AlertStore {
  get(id: number): Promise<StoredAlert | null>;
  /** Newest first; `limit` at most. */
  list(deploymentId: number, status: AlertStatus | undefined, limit: number): Promise<Alert[]>;
  acknowledge(alert: StoredAlert, by: string, now: number): Promise<Alert>;
  resolve(alert: StoredAlert, by: string, now: number): Promise<Alert>;
}
