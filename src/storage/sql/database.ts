import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Schema } from './schema.js';
import { migrateToLatest } from './migrator.js';
import { backstopCheckpointPages, startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { SqlDialectName } from './dialect.js';

export type { SqlDialectName } from './dialect.js';

export interface SqlDatabase {
  db: Kysely<Schema>;
  dialect: SqlDialectName;
  /** The SQLite file, for workers that open their own connection to it; absent for Postgres and `:memory:`. */
  sqliteFile?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * SQLite files only: WAL checkpoints run in a worker thread instead of inside commits on the
   * event loop (see sqlite-checkpointer.ts). For a server; a short-lived process or a test that
   * opens many databases does without the thread it costs.
   */
  backgroundCheckpoints?: boolean;
}

const int8Oid = 20;

/**
 * Opens the metadata database named by `url` (`postgres://...` or a SQLite file path) and brings
 * its schema to the latest migration.
 */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<SqlDatabase> {
  const dialect: SqlDialectName = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
  const db = dialect === 'postgres' ? new Kysely<Schema>({ dialect: postgresDialect(url) }) : new Kysely<Schema>({ dialect: sqliteDialect(url, options) });
  let checkpointer: Checkpointer | undefined;
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, dialect);
    if (dialect === 'sqlite' && url !== ':memory:' && options.backgroundCheckpoints) checkpointer = startCheckpointer(url);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect,
    ...(dialect === 'sqlite' && url !== ':memory:' ? { sqliteFile: url } : {}),
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

function sqliteDialect(path: string, options: DatabaseOptions): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // NORMAL keeps every committed transaction across a process kill; only a power loss can drop the last ones.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // MLflow's LIKE is case-sensitive (ILIKE is the insensitive one), as it is on Postgres.
  database.pragma('case_sensitive_like = ON');
  if (options.backgroundCheckpoints) database.pragma(`wal_autocheckpoint = ${backstopCheckpointPages}`);
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
