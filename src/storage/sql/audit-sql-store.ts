import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditQuery, AuditStore, ListedAuditEvent, StoredAuditEvent } from '../../domain/audit/audit-store.js';
import type { SqlDialectName } from './dialect.js';
import type { AuditEventsTable, Schema } from './schema.js';
import { rawQuery } from './sql-support.js';

type EventRow = Selectable<AuditEventsTable>;

// Columns come out already named as the domain names them: verification reads every event, and
// a second object per row would cost about a fifth of its time. Both drivers hand out bigints as
// numbers (see database.ts).
const chainText =
  'select seq, "time", actor, action, resource_type as "resourceType", resource_id as "resourceId", project_id as "projectId", ' +
  'request_id as "requestId", digest, details as "detailsJson", prev_hash as "prevHash", hash ' +
  'from audit_events where seq > ? and seq <= ? order by seq limit ?';

/** Reads of `audit_events` for listings and for verifying the chain. */
export class AuditSqlStore implements AuditStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
  ) {}

  async list(query: AuditQuery): Promise<ListedAuditEvent[]> {
    let select = this.db
      .selectFrom('audit_events as a')
      .leftJoin('projects as p', 'p.id', 'a.project_id')
      .selectAll('a')
      .select('p.name as project_name');
    if (query.resourceType !== undefined) select = select.where('a.resource_type', '=', query.resourceType);
    if (query.resourceId !== undefined) select = select.where('a.resource_id', '=', query.resourceId);
    if (query.actor !== undefined) select = select.where('a.actor', '=', query.actor);
    if (query.action !== undefined) select = select.where('a.action', '=', query.action);
    // substr rather than LIKE: action names contain `_`, a LIKE wildcard.
    if (query.actionPrefix !== undefined) select = select.where(sql<string>`substr(a.action, 1, ${query.actionPrefix.length})`, '=', query.actionPrefix);
    if (query.projectId !== undefined) select = select.where('a.project_id', '=', query.projectId);
    if (query.from !== undefined) select = select.where('a.time', '>=', query.from);
    if (query.to !== undefined) select = select.where('a.time', '<=', query.to);
    if (query.beforeSeq !== undefined) select = select.where('a.seq', '<', query.beforeSeq);
    // Says what the filters imply anyway, in the words of the partial indexes (0006-audit.ts), so the
    // planner may use them; a literal, since planners match index conditions against constants.
    if (excludesRunLog(query)) select = select.where(sql<boolean>`a.action <> 'run.log'`);
    const rows = await select.orderBy('a.seq', 'desc').limit(query.limit).execute();
    return rows.map((row) => {
      const { detailsJson, ...event } = toEvent(row);
      return { ...event, details: JSON.parse(detailsJson) as Record<string, unknown>, project: row.project_name ?? null };
    });
  }

  async chainPage(afterSeq: number, throughSeq: number, limit: number): Promise<StoredAuditEvent[]> {
    const { rows } = await this.db.executeQuery(rawQuery<StoredAuditEvent>(this.dialect, chainText, [afterSeq, throughSeq, limit]));
    return rows;
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const row = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    if (!row) throw new Error('audit_head row is missing');
    return { seq: Number(row.seq), hash: row.hash };
  }

  async lastStoredSeq(): Promise<number> {
    const row = await this.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('top')).executeTakeFirst();
    return Number(row?.top ?? 0);
  }
}

const runLog = 'run.log';

function excludesRunLog(query: AuditQuery): boolean {
  if (query.action !== undefined) return query.action !== runLog;
  if (query.actionPrefix !== undefined && !runLog.startsWith(query.actionPrefix)) return true;
  return query.resourceType !== undefined && query.resourceType !== 'run';
}

function toEvent(row: EventRow): StoredAuditEvent {
  return {
    seq: Number(row.seq),
    time: Number(row.time),
    actor: row.actor,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    projectId: row.project_id === null ? null : Number(row.project_id),
    requestId: row.request_id,
    digest: row.digest,
    detailsJson: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
