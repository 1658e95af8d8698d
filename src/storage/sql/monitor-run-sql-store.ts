import type { Kysely, Selectable } from 'kysely';
import type { MonitorRun, MonitorRunStatus, MonitorRunStore, NewRetrainRequest, RetrainRequest, RetrainRequestStore } from '../../domain/monitoring/monitor-run-store.js';
import type { MonitorRunSummary } from '../../domain/monitoring/monitor.js';
import type { AuditTrail } from './audit-trail.js';
import type { MonitorRunsTable } from './schema-monitoring.js';
import type { Schema } from './schema.js';

/**
 * Run claims on SQLite and Postgres. Each write is one statement whose condition a concurrent
 * write makes false: the claim inserts with `on conflict do nothing` (the primary key decides), a
 * takeover updates only while the stale heartbeat is still there.
 */
export class MonitorRunSqlStore implements MonitorRunStore {
  constructor(private readonly db: Kysely<Schema>) {}

  async claim(monitorId: number, scheduledFor: number, claimedBy: string, now: number): Promise<boolean> {
    const result = await this.db
      .insertInto('monitor_runs')
      .values({ monitor_id: monitorId, scheduled_for: scheduledFor, claimed_by: claimedBy, status: 'running', attempts: 1, started_time: now, heartbeat_time: now, finished_time: null, error: null, summary: null })
      .onConflict((oc) => oc.columns(['monitor_id', 'scheduled_for']).doNothing())
      .executeTakeFirst();
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async stuck(staleBefore: number, limit: number): Promise<MonitorRun[]> {
    const rows = await this.db.selectFrom('monitor_runs').selectAll().where('status', '=', 'running').where('heartbeat_time', '<', staleBefore).orderBy('heartbeat_time').limit(limit).execute();
    return rows.map(toRun);
  }

  async retake(run: Pick<MonitorRun, 'monitorId' | 'scheduledFor' | 'heartbeatTime'>, claimedBy: string, now: number): Promise<boolean> {
    const { numUpdatedRows } = await this.db
      .updateTable('monitor_runs')
      .set((eb) => ({ claimed_by: claimedBy, heartbeat_time: now, started_time: now, attempts: eb('attempts', '+', 1) }))
      .where('monitor_id', '=', run.monitorId)
      .where('scheduled_for', '=', run.scheduledFor)
      .where('status', '=', 'running')
      .where('heartbeat_time', '=', run.heartbeatTime)
      .executeTakeFirst();
    return numUpdatedRows > 0n;
  }

  async heartbeat(runs: ReadonlyArray<{ monitorId: number; scheduledFor: number }>, claimedBy: string, now: number): Promise<void> {
    for (const run of runs) {
      await this.db
        .updateTable('monitor_runs')
        .set({ heartbeat_time: now })
        .where('monitor_id', '=', run.monitorId)
        .where('scheduled_for', '=', run.scheduledFor)
        .where('claimed_by', '=', claimedBy)
        .where('status', '=', 'running')
        .execute();
    }
  }

  async finish(monitorId: number, scheduledFor: number, claimedBy: string, outcome: { status: 'succeeded'; summary: MonitorRunSummary } | { status: 'failed'; error: string }, now: number): Promise<void> {
    // Only the holder finishes it: a run taken over after its lease ran out belongs to the new holder.
    await this.db
      .updateTable('monitor_runs')
      .set({
        status: outcome.status,
        finished_time: now,
        heartbeat_time: now,
        summary: outcome.status === 'succeeded' ? JSON.stringify(outcome.summary) : null,
        error: outcome.status === 'failed' ? outcome.error.slice(0, 2_000) : null,
      })
      .where('monitor_id', '=', monitorId)
      .where('scheduled_for', '=', scheduledFor)
      .where('claimed_by', '=', claimedBy)
      .where('status', '=', 'running')
      .execute();
  }

  async list(monitorId: number, limit: number): Promise<MonitorRun[]> {
    const rows = await this.db.selectFrom('monitor_runs').selectAll().where('monitor_id', '=', monitorId).orderBy('scheduled_for', 'desc').limit(limit).execute();
    return rows.map(toRun);
  }

  async purge(before: number): Promise<number> {
    const { numDeletedRows } = await this.db.deleteFrom('monitor_runs').where('status', '<>', 'running').where('scheduled_for', '<', before).executeTakeFirst();
    return Number(numDeletedRows);
  }
}

function toRun(row: Selectable<MonitorRunsTable>): MonitorRun {
  return {
    monitorId: Number(row.monitor_id),
    scheduledFor: Number(row.scheduled_for),
    status: row.status as MonitorRunStatus,
    claimedBy: row.claimed_by,
    attempts: Number(row.attempts),
    startedTime: Number(row.started_time),
    heartbeatTime: Number(row.heartbeat_time),
    finishedTime: row.finished_time === null ? null : Number(row.finished_time),
    error: row.error,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as MonitorRunSummary),
  };
}

/** Retrain requests; each insert writes its `monitor.retrain` audit event in the same transaction. */
export class RetrainRequestSqlStore implements RetrainRequestStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  create(r: NewRetrainRequest): Promise<RetrainRequest> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('retrain_requests')
        .values({ monitor_id: r.monitorId, alert_id: r.alertId, deployment_id: r.deploymentId, project_id: r.projectId, model: r.model, version: r.version, status: 'requested', created_time: r.createdTime, created_by: r.createdBy })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const details = { deployment: r.deployment, monitor: r.monitor, monitorId: r.monitorId, alertId: r.alertId, checkKey: r.checkKey, model: r.model, version: r.version };
      await this.audit.record(trx, { action: 'monitor.retrain', resourceType: 'retrain_request', resourceId: String(id), projectId: r.projectId, details });
      return { id, monitorId: r.monitorId, alertId: r.alertId, deployment: r.deployment, model: r.model, version: r.version, status: 'requested', createdTime: r.createdTime, createdBy: r.createdBy };
    });
  }

  async list(deploymentId: number, limit: number): Promise<RetrainRequest[]> {
    const rows = await this.db
      .selectFrom('retrain_requests as r')
      .innerJoin('deployments as d', 'd.id', 'r.deployment_id')
      .selectAll('r')
      .select('d.name as deployment')
      .where('r.deployment_id', '=', deploymentId)
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      monitorId: Number(row.monitor_id),
      alertId: Number(row.alert_id),
      deployment: row.deployment,
      model: row.model,
      version: row.version === null ? null : Number(row.version),
      status: 'requested' as const,
      createdTime: Number(row.created_time),
      createdBy: row.created_by,
    }));
  }
}
