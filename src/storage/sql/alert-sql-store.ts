import type { Kysely } from 'kysely';
import { invalidState } from '../../domain/errors.js';
import type { Alert, AlertStatus } from '../../domain/monitoring/monitor.js';
import type { AlertStore, StoredAlert } from '../../domain/monitoring/monitor-store.js';
import type { AuditTrail } from './audit-trail.js';
import { alertDetails, alertRows, publicAlert, toAlert } from './monitor-sql-rows.js';
import type { Schema } from './schema.js';

/** AlertStore on SQLite and Postgres. */
export class AlertSqlStore implements AlertStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async get(id: number): Promise<StoredAlert | null> {
    const row = await alertRows(this.db).where('a.id', '=', id).executeTakeFirst();
    return row ? toAlert(row) : null;
  }

  async list(deploymentId: number, status: AlertStatus | undefined, limit: number): Promise<Alert[]> {
    let select = alertRows(this.db).where('a.deployment_id', '=', deploymentId);
    if (status) select = select.where('a.status', '=', status);
    const rows = await select.orderBy('a.last_seen_time', 'desc').orderBy('a.id', 'desc').limit(limit).execute();
    return rows.map((row) => publicAlert(toAlert(row)));
  }

  acknowledge(alert: StoredAlert, by: string, now: number): Promise<Alert> {
    return this.change(alert, 'acknowledge', (trx) =>
      trx.updateTable('alerts').set({ status: 'acknowledged', acknowledged_by: by, acknowledged_time: now }).where('id', '=', alert.id).where('status', '=', 'open').executeTakeFirst(),
    );
  }

  resolve(alert: StoredAlert, by: string, now: number): Promise<Alert> {
    return this.change(alert, 'resolve', (trx) =>
      trx.updateTable('alerts').set({ status: 'resolved', resolved_by: by, resolved_time: now }).where('id', '=', alert.id).where('status', '<>', 'resolved').executeTakeFirst(),
    );
  }

  private async change(alert: StoredAlert, verb: 'acknowledge' | 'resolve', update: (trx: Kysely<Schema>) => Promise<{ numUpdatedRows: bigint }>): Promise<Alert> {
    return this.db.transaction().execute(async (trx) => {
      const { numUpdatedRows } = await update(trx);
      // The status moved since the caller read it (resolved by a run, or by someone else).
      if (numUpdatedRows === 0n) {
        const now = await trx.selectFrom('alerts').select('status').where('id', '=', alert.id).executeTakeFirst();
        throw invalidState(`Alert ${alert.id} is ${now?.status ?? 'gone'}; it cannot be ${verb}d`);
      }
      const changed = toAlert(await alertRows(trx).where('a.id', '=', alert.id).executeTakeFirstOrThrow());
      await this.audit.record(trx, { action: `alert.${verb}`, resourceType: 'alert', resourceId: String(alert.id), projectId: alert.projectId, details: alertDetails(changed) });
      return publicAlert(changed);
    });
  }
}
