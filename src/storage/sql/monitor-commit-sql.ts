import type { Kysely, Transaction } from 'kysely';
import type { StoredMonitor } from '../../domain/monitoring/monitor.js';
import type { CommitOutcome, NewResult, RunCommit, StoredAlert } from '../../domain/monitoring/monitor-store.js';
import type { AuditTrail } from './audit-trail.js';
import { alertDetails, alertRows, publicAlert, toAlert, windowRow } from './monitor-sql-rows.js';
import type { Schema } from './schema.js';

/**
 * One run's writes in one transaction: the cursor moves (only from the version the run read, so
 * two runs racing on one monitor cannot both count the same predictions), windows and results are
 * replaced, and each judged result is applied to the check's unresolved alert.
 */
export async function commitMonitorRun(db: Kysely<Schema>, audit: AuditTrail, monitor: StoredMonitor, expectedVersion: number, commit: RunCommit): Promise<CommitOutcome | null> {
  return db.transaction().execute(async (trx) => {
    const { numUpdatedRows } = await trx
      .updateTable('monitors')
      .set({ cursor_time: commit.cursor?.time ?? null, cursor_id: commit.cursor?.id ?? null, feedback_since: commit.feedbackSince, state_version: expectedVersion + 1 })
      .where('id', '=', monitor.id)
      .where('state_version', '=', expectedVersion)
      .executeTakeFirst();
    if (numUpdatedRows === 0n) return null;
    for (const w of commit.windows) {
      await trx.deleteFrom('monitor_windows').where('monitor_id', '=', monitor.id).where('seq', '=', w.seq).execute();
      await trx.insertInto('monitor_windows').values(windowRow(monitor.id, w)).execute();
    }
    for (const r of commit.results) {
      await trx.deleteFrom('monitor_results').where('monitor_id', '=', monitor.id).where('window_seq', '=', r.windowSeq).where('check_key', '=', r.checkKey).execute();
      await trx.insertInto('monitor_results').values(resultRow(monitor.id, r)).execute();
    }
    const outcome: CommitOutcome = { opened: [], resolved: [] };
    for (const r of commit.results) await applyToAlert(trx, audit, monitor, r, commit.now, outcome);
    return outcome;
  });
}

async function applyToAlert(trx: Transaction<Schema>, audit: AuditTrail, monitor: StoredMonitor, r: NewResult, now: number, outcome: CommitOutcome): Promise<void> {
  if (r.passed === null) return;
  const unresolved = await alertRows(trx).where('a.monitor_id', '=', monitor.id).where('a.check_key', '=', r.checkKey).where('a.status', '<>', 'resolved').executeTakeFirst();
  if (r.late && (r.passed || unresolved)) return;
  if (r.passed) {
    if (!unresolved) return;
    await trx.updateTable('alerts').set({ status: 'resolved', resolved_by: 'auto', resolved_time: now, last_seen_time: now }).where('id', '=', unresolved.id).execute();
    const resolved: StoredAlert = { ...toAlert(unresolved), status: 'resolved', resolvedBy: 'auto', resolvedTime: now };
    await audit.record(trx, { action: 'alert.resolve', resourceType: 'alert', resourceId: String(resolved.id), projectId: monitor.projectId, details: alertDetails(resolved) });
    outcome.resolved.push(publicAlert(resolved));
    return;
  }
  if (unresolved) {
    // The same failing check again: one alert that counts its occurrences, not a new one per window.
    await trx
      .updateTable('alerts')
      .set({ occurrences: Number(unresolved.occurrences) + 1, last_seen_time: now, value: r.value, threshold: r.threshold, message: r.message })
      .where('id', '=', unresolved.id)
      .execute();
    return;
  }
  const { id } = await trx
    .insertInto('alerts')
    .values({
      monitor_id: monitor.id,
      deployment_id: monitor.deploymentId,
      project_id: monitor.projectId,
      check_key: r.checkKey,
      severity: r.severity,
      status: 'open',
      message: r.message,
      value: r.value,
      threshold: r.threshold,
      occurrences: 1,
      opened_time: now,
      last_seen_time: now,
      acknowledged_by: null,
      acknowledged_time: null,
      resolved_by: null,
      resolved_time: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await alertRows(trx).where('a.id', '=', Number(id)).executeTakeFirstOrThrow();
  const opened = toAlert(row);
  await audit.record(trx, { action: 'alert.open', resourceType: 'alert', resourceId: String(opened.id), projectId: monitor.projectId, details: alertDetails(opened) });
  outcome.opened.push(publicAlert(opened));
}

function resultRow(monitorId: number, r: NewResult) {
  return {
    monitor_id: monitorId,
    window_seq: r.windowSeq,
    window_start: r.windowStart,
    window_end: r.windowEnd,
    check_key: r.checkKey,
    kind: r.kind,
    feature: r.feature,
    method: r.method,
    rows: r.rows,
    value: r.value,
    threshold: r.threshold,
    passed: r.passed === null ? null : r.passed ? 1 : 0,
    severity: r.severity,
    note: r.note,
    computed_time: r.computedTime,
  };
}
