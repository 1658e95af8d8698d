import type { Kysely } from 'kysely';
import type { MonitorReference, ReferenceSource } from '../../domain/monitoring/monitor.js';
import type { ColumnTypeOverride } from '../../domain/monitoring/column-inference.js';
import type { DatasetProfile } from '../../domain/monitoring/profile/profile-types.js';
import type { NewReference, ReferenceStore, StoredReference } from '../../domain/monitoring/reference-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { Schema } from './schema.js';

/** ReferenceStore on SQLite and Postgres: one row per monitor, its summaries as JSON text. */
export class ReferenceSqlStore implements ReferenceStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async get(monitorId: number): Promise<StoredReference | null> {
    const row = await this.db.selectFrom('monitor_references').selectAll().where('monitor_id', '=', monitorId).executeTakeFirst();
    if (!row) return null;
    return {
      reference: {
        monitorId: Number(row.monitor_id),
        source: row.source as ReferenceSource,
        description: row.description,
        rows: Number(row.rows),
        createdTime: Number(row.created_time),
        createdBy: row.created_by,
        ...(row.model !== null && row.version !== null ? { modelVersion: { model: row.model, version: Number(row.version) } } : {}),
        profile: JSON.parse(row.profile) as DatasetProfile,
      },
      columnTypes: row.column_types === null ? {} : (JSON.parse(row.column_types) as Record<string, ColumnTypeOverride>),
      layout: JSON.parse(row.layout) as unknown,
      sketch: JSON.parse(row.sketch) as unknown,
    };
  }

  async set(reference: NewReference): Promise<MonitorReference> {
    const row = {
      monitor_id: reference.monitorId,
      project_id: reference.projectId,
      source: reference.source,
      description: reference.description,
      rows: reference.rows,
      created_time: reference.createdTime,
      created_by: reference.createdBy,
      model: reference.modelVersion?.model ?? null,
      version: reference.modelVersion?.version ?? null,
      column_types: Object.keys(reference.columnTypes).length === 0 ? null : JSON.stringify(reference.columnTypes),
      profile: JSON.stringify(reference.profile),
      layout: JSON.stringify(reference.layout),
      sketch: JSON.stringify(reference.sketch),
    };
    await this.db.transaction().execute(async (trx) => {
      // Replace rather than upsert: the same two statements on both databases.
      await trx.deleteFrom('monitor_references').where('monitor_id', '=', reference.monitorId).execute();
      await trx.insertInto('monitor_references').values(row).execute();
      await this.audit.record(trx, {
        action: 'monitor.reference.set',
        resourceType: 'monitor',
        resourceId: String(reference.monitorId),
        projectId: reference.projectId,
        details: { monitorId: reference.monitorId, source: reference.source, description: reference.description, rows: reference.rows },
      });
    });
    const { projectId: _projectId, columnTypes: _columnTypes, layout: _layout, sketch: _sketch, ...summary } = reference;
    return summary;
  }
}
