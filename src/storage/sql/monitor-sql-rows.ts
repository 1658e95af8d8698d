import type { Kysely, Selectable } from 'kysely';
import type { Alert, AlertStatus, MonitorCheck, MonitorResult, MonitorSpec, Severity, StoredMonitor } from '../../domain/monitoring/monitor.js';
import type { StoredAlert, StoredWindow, WindowState } from '../../domain/monitoring/monitor-store.js';
import type { AlertsTable, MonitorResultsTable, MonitorsTable, MonitorWindowsTable } from './schema-monitoring.js';
import type { Schema } from './schema.js';

export type MonitorRow = Selectable<MonitorsTable> & { deployment: string; project: string };
export type AlertRow = Selectable<AlertsTable> & { monitor: string; deployment: string; project: string };

export function toMonitor(row: MonitorRow): StoredMonitor {
  const spec = JSON.parse(row.spec) as MonitorSpec;
  return {
    ...spec,
    id: Number(row.id),
    deployment: row.deployment,
    project: row.project,
    createdTime: Number(row.created_time),
    createdBy: row.created_by,
    updatedTime: Number(row.updated_time),
    deploymentId: Number(row.deployment_id),
    projectId: Number(row.project_id),
  };
}

/** The spec alone, as the row stores it (no ids or names). */
export function specOf(monitor: MonitorSpec): MonitorSpec {
  const { name, schedule, window, features, task, drift, checks, actions, enabled } = monitor;
  return { name, schedule, window, ...(features ? { features } : {}), ...(task ? { task } : {}), ...(drift ? { drift } : {}), checks, actions, enabled };
}

export function toWindow(row: Selectable<MonitorWindowsTable>): StoredWindow {
  return {
    seq: Number(row.seq),
    start: Number(row.window_start),
    end: Number(row.window_end),
    closed: Number(row.closed) === 1,
    rows: Number(row.rows),
    predictions: Number(row.predictions),
    state: JSON.parse(row.state) as WindowState,
    drift: row.drift === null ? null : (JSON.parse(row.drift) as StoredWindow['drift']),
    performance: row.performance === null ? null : (JSON.parse(row.performance) as StoredWindow['performance']),
  };
}

export function windowRow(monitorId: number, w: StoredWindow): MonitorWindowsTable {
  return {
    monitor_id: monitorId,
    seq: w.seq,
    window_start: w.start,
    window_end: w.end,
    closed: w.closed ? 1 : 0,
    rows: w.rows,
    predictions: w.predictions,
    state: JSON.stringify(w.state),
    drift: w.drift === null ? null : JSON.stringify(w.drift),
    performance: w.performance === null ? null : JSON.stringify(w.performance),
  };
}

export function toResult(row: Selectable<MonitorResultsTable>): MonitorResult {
  return {
    monitorId: Number(row.monitor_id),
    windowStart: Number(row.window_start),
    windowEnd: Number(row.window_end),
    rows: Number(row.rows),
    checkKey: row.check_key,
    kind: row.kind as MonitorCheck['kind'],
    feature: row.feature,
    method: row.method,
    value: row.value === null ? null : Number(row.value),
    threshold: row.threshold === null ? null : Number(row.threshold),
    passed: row.passed === null ? null : Number(row.passed) === 1,
    severity: row.severity as Severity,
    note: row.note,
    computedTime: Number(row.computed_time),
  };
}

export function toAlert(row: AlertRow): StoredAlert {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    id: Number(row.id),
    monitorId: Number(row.monitor_id),
    monitor: row.monitor,
    deployment: row.deployment,
    project: row.project,
    checkKey: row.check_key,
    severity: row.severity as Severity,
    status: row.status as AlertStatus,
    message: row.message,
    value: num(row.value),
    threshold: num(row.threshold),
    occurrences: Number(row.occurrences),
    openedTime: Number(row.opened_time),
    lastSeenTime: Number(row.last_seen_time),
    acknowledgedBy: row.acknowledged_by,
    acknowledgedTime: num(row.acknowledged_time),
    resolvedBy: row.resolved_by,
    resolvedTime: num(row.resolved_time),
    projectId: Number(row.project_id),
    deploymentId: Number(row.deployment_id),
  };
}

/** The alert as the API answers it. */
export function publicAlert(alert: StoredAlert): Alert {
  const { projectId: _p, deploymentId: _d, ...rest } = alert;
  return rest;
}

/** Alerts with the names they are shown by. */
export function alertRows(db: Kysely<Schema>) {
  return db
    .selectFrom('alerts as a')
    .innerJoin('monitors as m', 'm.id', 'a.monitor_id')
    .innerJoin('deployments as d', 'd.id', 'a.deployment_id')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .selectAll('a')
    .select(['m.name as monitor', 'd.name as deployment', 'p.name as project']);
}

/** What an `alert.*` event (and so its webhook delivery) carries. */
export function alertDetails(alert: StoredAlert): Record<string, unknown> {
  return {
    id: alert.id,
    monitorId: alert.monitorId,
    monitor: alert.monitor,
    deployment: alert.deployment,
    checkKey: alert.checkKey,
    severity: alert.severity,
    status: alert.status,
    message: alert.message,
    value: alert.value,
    threshold: alert.threshold,
    occurrences: alert.occurrences,
  };
}

