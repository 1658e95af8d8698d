import type { MonitorRunSummary } from './monitor.js';

export const monitorRunStatuses = ['running', 'succeeded', 'failed'] as const;
export type MonitorRunStatus = (typeof monitorRunStatuses)[number];

/** One scheduled run of a monitor: which process claimed it and how it ended. */
export interface MonitorRun {
  monitorId: number;
  scheduledFor: number;
  status: MonitorRunStatus;
  /** The process (worker id) that ran it last; a stuck run taken over names the new one. */
  claimedBy: string;
  attempts: number;
  startedTime: number;
  heartbeatTime: number;
  finishedTime: number | null;
  error: string | null;
  summary: MonitorRunSummary | null;
}

/** A request to retrain a deployment's model, written when a monitor's retrain action fires. */
export interface RetrainRequest {
  id: number;
  monitorId: number;
  alertId: number;
  deployment: string;
  model: string;
  version: number | null;
  status: 'requested';
  createdTime: number;
  createdBy: string;
}

export interface NewRetrainRequest {
  monitorId: number;
  alertId: number;
  deploymentId: number;
  projectId: number;
  model: string;
  version: number | null;
  createdTime: number;
  createdBy: string;
  /** For the audit event. */
  deployment: string;
  monitor: string;
  checkKey: string;
}

/**
 * Claims of scheduled runs, safe for any number of processes on one database: a claim is an
 * insert of (monitor, scheduled time) under its primary key, a takeover a compare-and-set on the
 * heartbeat, so each scheduled time is run by one process at a time and claimed once.
 */
export interface MonitorRunStore {
  /** True when this call inserted the claim; false when any process claimed that time before. */
  claim(monitorId: number, scheduledFor: number, claimedBy: string, now: number): Promise<boolean>;
  /** Running runs whose heartbeat is older than `staleBefore` (their process died or hung). */
  stuck(staleBefore: number, limit: number): Promise<MonitorRun[]>;
  /** Takes over a stuck run when its heartbeat is still the one seen; false when another process was first. */
  retake(run: Pick<MonitorRun, 'monitorId' | 'scheduledFor' | 'heartbeatTime'>, claimedBy: string, now: number): Promise<boolean>;
  /** Renews the lease of runs this process holds. */
  heartbeat(runs: ReadonlyArray<{ monitorId: number; scheduledFor: number }>, claimedBy: string, now: number): Promise<void>;
  finish(monitorId: number, scheduledFor: number, claimedBy: string, outcome: { status: 'succeeded'; summary: MonitorRunSummary } | { status: 'failed'; error: string }, now: number): Promise<void>;
  /** Newest first. */
  list(monitorId: number, limit: number): Promise<MonitorRun[]>;
  /** Drops finished runs older than `before` (the table would grow by one row per run forever). */
  purge(before: number): Promise<number>;
}

export interface RetrainRequestStore {
  /** Inserts the request and its `monitor.retrain` audit event in one transaction. */
  create(request: NewRetrainRequest): Promise<RetrainRequest>;
  /** Newest first. */
  list(deploymentId: number, limit: number): Promise<RetrainRequest[]>;
}
