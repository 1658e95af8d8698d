import type { Kysely } from 'kysely';
import { alreadyExists, notFound } from '../../domain/errors.js';
import type { MonitorResult, MonitorSpec, StoredMonitor } from '../../domain/monitoring/monitor.js';
import type { CommitOutcome, MonitorRunState, MonitorStore, ResultQuery, RunCommit, StoredWindow } from '../../domain/monitoring/monitor-store.js';
import type { AuditTrail } from './audit-trail.js';
import { commitMonitorRun } from './monitor-commit-sql.js';
import { deleteMonitors } from './monitor-deletion-sql.js';
import { specOf, toMonitor, toResult, toWindow } from './monitor-sql-rows.js';
import type { Schema } from './schema.js';
import { isUniqueViolation } from './sql-support.js';

/** MonitorStore on SQLite and Postgres. */
export class MonitorSqlStore implements MonitorStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async count(deploymentId: number): Promise<number> {
    const { count } = await this.db.selectFrom('monitors').select((eb) => eb.fn.countAll<number>().as('count')).where('deployment_id', '=', deploymentId).executeTakeFirstOrThrow();
    return Number(count);
  }

  async create(deployment: { id: number; projectId: number }, spec: MonitorSpec, createdBy: string, now: number, feedbackSince: number): Promise<StoredMonitor> {
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('monitors')
          .values({
            deployment_id: deployment.id,
            project_id: deployment.projectId,
            name: spec.name,
            spec: JSON.stringify(specOf(spec)),
            created_time: now,
            created_by: createdBy,
            updated_time: now,
            cursor_time: null,
            cursor_id: null,
            feedback_since: feedbackSince,
            state_version: 0,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.audit.record(trx, { action: 'monitor.create', resourceType: 'monitor', resourceId: String(id), projectId: deployment.projectId, details: { id: Number(id), deploymentId: deployment.id, spec: specOf(spec) } });
        return Number(id);
      });
      return (await this.get(id))!;
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`The deployment already has a monitor named '${spec.name}'`);
      throw error;
    }
  }

  async get(id: number): Promise<StoredMonitor | null> {
    const row = await this.rows().where('m.id', '=', id).executeTakeFirst();
    return row ? toMonitor(row) : null;
  }

  async list(deploymentId: number): Promise<StoredMonitor[]> {
    const rows = await this.rows().where('m.deployment_id', '=', deploymentId).orderBy('m.name').execute();
    return rows.map(toMonitor);
  }

  async listAll(): Promise<StoredMonitor[]> {
    const rows = await this.rows().orderBy('m.id').execute();
    return rows.map(toMonitor);
  }

  async update(monitor: StoredMonitor, spec: MonitorSpec, now: number, dropOpenWindow: boolean): Promise<StoredMonitor> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const { numUpdatedRows } = await trx.updateTable('monitors').set({ name: spec.name, spec: JSON.stringify(specOf(spec)), updated_time: now }).where('id', '=', monitor.id).executeTakeFirst();
        if (numUpdatedRows === 0n) throw notFound(`Monitor '${monitor.id}' not found`);
        if (dropOpenWindow) await trx.deleteFrom('monitor_windows').where('monitor_id', '=', monitor.id).where('closed', '=', 0).execute();
        await this.audit.record(trx, { action: 'monitor.update', resourceType: 'monitor', resourceId: String(monitor.id), projectId: monitor.projectId, details: { id: monitor.id, spec: specOf(spec) } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`The deployment already has a monitor named '${spec.name}'`);
      throw error;
    }
    return (await this.get(monitor.id))!;
  }

  async delete(monitor: StoredMonitor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if ((await deleteMonitors(trx, 'id', monitor.id)) === 0) throw notFound(`Monitor '${monitor.id}' not found`);
      await this.audit.record(trx, { action: 'monitor.delete', resourceType: 'monitor', resourceId: String(monitor.id), projectId: monitor.projectId, details: { id: monitor.id, name: monitor.name, deployment: monitor.deployment } });
    });
  }

  async runState(monitorId: number): Promise<MonitorRunState | null> {
    const row = await this.db.selectFrom('monitors').select(['cursor_time', 'cursor_id', 'feedback_since', 'state_version']).where('id', '=', monitorId).executeTakeFirst();
    if (!row) return null;
    const last = await this.db.selectFrom('monitor_windows').select(['seq', 'window_end', 'closed']).where('monitor_id', '=', monitorId).orderBy('seq', 'desc').limit(2).execute();
    const lastClosed = last.find((w) => Number(w.closed) === 1);
    return {
      cursor: row.cursor_time === null || row.cursor_id === null ? null : { time: Number(row.cursor_time), id: row.cursor_id },
      feedbackSince: Number(row.feedback_since),
      version: Number(row.state_version),
      lastSeq: last[0] ? Number(last[0].seq) : 0,
      lastClosedEnd: lastClosed ? Number(lastClosed.window_end) : null,
    };
  }

  async openWindow(monitorId: number): Promise<StoredWindow | null> {
    const row = await this.db.selectFrom('monitor_windows').selectAll().where('monitor_id', '=', monitorId).where('closed', '=', 0).orderBy('seq', 'desc').executeTakeFirst();
    return row ? toWindow(row) : null;
  }

  async closedWindowsAt(monitorId: number, times: readonly number[]): Promise<StoredWindow[]> {
    if (times.length === 0) return [];
    const found = new Map<number, StoredWindow>();
    // One indexed lookup per window, not per time: sorted, the times a found window holds are skipped.
    const sorted = [...new Set(times)].sort((a, b) => a - b);
    let coveredUntil = -Infinity;
    let lookups = 0;
    for (const time of sorted) {
      if (time < coveredUntil) continue;
      if (++lookups > 1000) break;
      const row = await this.db
        .selectFrom('monitor_windows')
        .selectAll()
        .where('monitor_id', '=', monitorId)
        .where('closed', '=', 1)
        .where('window_start', '<=', time)
        .where('window_end', '>', time)
        .orderBy('seq', 'desc')
        .executeTakeFirst();
      if (row && !found.has(Number(row.seq))) found.set(Number(row.seq), toWindow(row));
      if (row) coveredUntil = Number(row.window_end);
    }
    return [...found.values()].sort((a, b) => a.seq - b.seq);
  }

  async windows(monitorId: number, limit: number): Promise<StoredWindow[]> {
    const rows = await this.db.selectFrom('monitor_windows').selectAll().where('monitor_id', '=', monitorId).orderBy('seq', 'desc').limit(limit).execute();
    return rows.map(toWindow);
  }

  async results(monitorId: number, query: ResultQuery): Promise<MonitorResult[]> {
    let select = this.db.selectFrom('monitor_results').selectAll().where('monitor_id', '=', monitorId);
    if (query.from !== undefined) select = select.where('window_end', '>', query.from);
    if (query.to !== undefined) select = select.where('window_start', '<', query.to);
    if (query.checkKey !== undefined) select = select.where('check_key', '=', query.checkKey);
    const rows = await select.orderBy('window_seq').orderBy('check_key').limit(query.limit).execute();
    return rows.map(toResult);
  }

  commitRun(monitor: StoredMonitor, expectedVersion: number, commit: RunCommit): Promise<CommitOutcome | null> {
    return commitMonitorRun(this.db, this.audit, monitor, expectedVersion, commit);
  }

  private rows() {
    return this.db
      .selectFrom('monitors as m')
      .innerJoin('deployments as d', 'd.id', 'm.deployment_id')
      .innerJoin('projects as p', 'p.id', 'm.project_id')
      .selectAll('m')
      .select(['d.name as deployment', 'p.name as project']);
  }
}
