import Database from 'better-sqlite3';
import { join } from 'node:path';
import { timeOrderedId } from '../../src/domain/predictions/prediction-id.js';
import { encodeTensorLog } from '../../src/domain/predictions/tensor-log-codec.js';

/**
 * Fills the prediction log of a stopped server's SQLite file with `count` predictions of
 * `deployment`, shaped like the ones the serving bench makes (time-ordered ids as the server makes
 * them, one 10-input row in, a label and two probabilities out, stored as the server stores them),
 * spread over the hour before now. A fresh table is not what a running server writes into: the
 * cost of an insert grows with the size of the table's indexes once they outgrow SQLite's page
 * cache, and a server at 8,000 predictions per second logs a million in two minutes.
 */
export function seedPredictions(dataDir: string, deployment: string, count: number): void {
  const db = new Database(join(dataDir, 'cairn.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const found = db.prepare('select id, project_id from deployments where name = ?').get(deployment) as { id: number; project_id: number } | undefined;
    if (found === undefined) throw new Error(`seedPredictions: no deployment '${deployment}'`);
    const end = Date.now();
    const timeOf = (i: number) => end - 3_600_000 + Math.floor((i * 3_600_000) / count);
    const inputs = encodeTensorLog([{ name: 'input', datatype: 'FP32', shape: [1, 10], data: Float32Array.of(1.25, -0.5, 0.75, 1.5, -1.75, 0.25, 1, -2, 0.5, 1.125) }]);
    const outputs = encodeTensorLog([
      { name: 'label', datatype: 'INT64', shape: [1], data: BigInt64Array.of(1n) },
      { name: 'probabilities', datatype: 'FP32', shape: [1, 2], data: Float32Array.of(8.125, 1.1875) },
    ]);
    const rowsPerStatement = 500;
    const placeholders = Array.from({ length: rowsPerStatement }, () => '(?, ?, ?, ?, 1, ?, 1, 0.2, ?, ?, ?)').join(', ');
    const insert = db.prepare(
      `insert into predictions (id, deployment_id, project_id, time, revision, model, version, latency_ms, inputs, outputs, shadows) values ${placeholders}`,
    );
    const insertAll = db.transaction(() => {
      for (let first = 0; first + rowsPerStatement <= count; first += rowsPerStatement) {
        const values: unknown[] = [];
        for (let i = first; i < first + rowsPerStatement; i++) values.push(timeOrderedId(timeOf(i)), found.id, found.project_id, timeOf(i), 'trees', inputs, outputs, '[]');
        insert.run(...values);
      }
    });
    insertAll();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
