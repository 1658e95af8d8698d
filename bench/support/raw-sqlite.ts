import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openDatabase } from '../../src/storage/sql/database.js';

/**
 * A SQLite file with Cairn's own schema (through the real migrations) and the server's pragmas, opened
 * with raw better-sqlite3: the floor that any ingestion path through Cairn is measured against.
 */
export async function openRawSqlite(dataDir: string): Promise<Database.Database> {
  const path = join(dataDir, 'raw-baseline.db');
  const migrated = await openDatabase(path);
  await migrated.close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * Inserts `total` metric points shaped like the benchmark's log-batch bodies (10 keys, consecutive steps),
 * one transaction of `batchSize` rows at a time, as one request's worth; returns rows per second.
 */
export function rawInsertRate(db: Database.Database, total: number, batchSize: number): number {
  const insert = db.prepare('insert into metric_points (run_id, key, step, timestamp, value, is_nan) values (?, ?, ?, ?, ?, 0)');
  const insertBatch = db.transaction((runId: number, firstStep: number, timestamp: number) => {
    for (let i = 0; i < batchSize; i++) {
      const step = firstStep + Math.floor(i / 10);
      insert.run(runId, `m${i % 10}`, step, timestamp, step * 0.001 + i * 1e-6);
    }
  });
  const start = performance.now();
  for (let done = 0, batch = 0; done < total; done += batchSize, batch++) {
    insertBatch(1 + (batch % 4), Math.floor(batch / 4) * (batchSize / 10), Date.now());
  }
  return (total * 1000) / (performance.now() - start);
}
