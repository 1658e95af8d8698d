import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Schema } from './schema.js';
import { migrateToLatest } from './migrator.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { SqlDialectName } from './dialect.js';

export type { SqlDialectName } from './dialect.js';

export interface SqlDatabase {
  db: Kysely<Schema>;
  dialect: SqlDialectName;
  close(): Promise<void>;
}

const int8Oid = 20;

/**
 * Opens the metadata database named by `url` (`postgres://...` or a SQLite file path) and brings
 * its schema to the latest migration.
 */
export async function openDatabase(url: string): Promise<SqlDatabase> {
  const dialect: SqlDialectName = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
  const db = dialect === 'postgres' ? new Kysely<Schema>({ dialect: postgresDialect(url) }) : new Kysely<Schema>({ dialect: sqliteDialect(url) });
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect, close: () => db.destroy() };
}

function sqliteDialect(path: string): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // NORMAL keeps every committed transaction across a process kill; only a power loss can drop the last ones.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // MLflow's LIKE is case-sensitive (ILIKE is the insensitive one), as it is on Postgres.
  database.pragma('case_sensitive_like = ON');
  return new SqliteDialect({ database: withStatementCache(database) });
}

function postgresDialect(connectionString: string): PostgresDialect {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    types: {
      // int64 columns hold epoch milliseconds and ids, all well inside Number's exact range.
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8Oid ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  return new PostgresDialect({ pool });
}
