import { sql, type Kysely } from 'kysely';
import type { SqlDialectName } from '../dialect.js';
import { genesisHash } from '../../../domain/audit/audit-event.js';

/**
 * The audit trail: one row per state change, chained by hash. `audit_head` holds the last link;
 * every appending transaction locks it, which orders the chain and lets verification notice
 * events removed from the end.
 */
export async function up(db: Kysely<unknown>, dialect: SqlDialectName): Promise<void> {
  // On SQLite only `integer primary key` makes seq the rowid: the chain is then read in table order,
  // without a second index, which halves the time of a full verification.
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.primaryKey())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'bigint')
    .addColumn('request_id', 'text')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // `run.log` events (one per logging call, by far the most) stay out of the resource and action
  // indexes: with many runs logging at once each of their events landed on a different index page,
  // which cost about as much as the logging call's own writes (docs/performance.md#audit-trail).
  // Queries name the same condition to use these indexes (audit-sql-store.ts); a run's log events
  // are found by scanning newest first.
  const notRunLog = sql<boolean>`action <> 'run.log'`;
  await db.schema.createIndex('audit_events_resource').on('audit_events').columns(['resource_type', 'resource_id', 'seq']).where(notRunLog).execute();
  await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor', 'seq']).execute();
  await db.schema.createIndex('audit_events_action').on('audit_events').columns(['action', 'seq']).where(notRunLog).execute();
  await db.schema.createIndex('audit_events_time').on('audit_events').column('time').execute();
  await db.schema.createIndex('audit_events_project').on('audit_events').columns(['project_id', 'seq']).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await (db as Kysely<{ audit_head: { id: number; seq: number; hash: string } }>).insertInto('audit_head').values({ id: 1, seq: 0, hash: genesisHash }).execute();
}
