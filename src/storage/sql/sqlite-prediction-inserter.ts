import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { PredictionRecord } from '../../domain/predictions/prediction.js';
import type { PredictionStore } from '../../domain/predictions/prediction-store.js';
import { predictionColumns, predictionRow } from './prediction-sql-store.js';
import { lowerThreadPrioritySource } from './background-priority.js';

// CommonJS run with `eval`, like the checkpointer's worker (sqlite-checkpointer.ts): no file of its
// own, so source (tsx), the bench's transpiled copy and the build start it the same way.
const workerSource = `${lowerThreadPrioritySource}
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
// As the main connection (database.ts): in WAL mode a commit is not synced, a checkpoint is.
db.pragma('synchronous = NORMAL');
const insert = db.prepare(workerData.sql);
const insertAll = db.transaction((rows) => {
  for (const row of rows) insert.run(row);
});
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    insertAll(message.rows);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

const insertSql = `insert into predictions (${predictionColumns.join(', ')}) values (${predictionColumns.map(() => '?').join(', ')}) on conflict (id) do nothing`;

interface Waiting {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Writes the prediction log of a SQLite file from a worker thread with its own connection.
 * better-sqlite3 runs on the calling thread, so on the main connection every logged batch held
 * every request up while SQLite inserted it (docs/performance.md, "Serving"); here the event loop
 * only turns records into rows and hands them over. WAL lets the two connections share the file:
 * a write on the main connection that meets the worker's transaction waits for it (about a
 * millisecond per 100 rows), as SQLite's busy timeout allows. A worker that cannot start or dies
 * hands every later batch to `fallback` (the store on the main connection), so nothing is lost to it.
 */
export class SqlitePredictionInserter implements Pick<PredictionStore, 'insert'> {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private readonly exited: Promise<void>;
  private nextId = 0;
  private failed = false;

  constructor(
    path: string,
    private readonly fallback: Pick<PredictionStore, 'insert'>,
  ) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(workerSource, { eval: true, workerData: { driver, path, sql: insertSql } });
    this.worker.on('message', (message: { id: number; error?: string }) => this.settle(message.id, message.error));
    this.worker.on('error', (error: unknown) => this.fail(new Error(`the prediction log worker failed: ${error instanceof Error ? error.message : String(error)}`)));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    void this.exited.then(() => this.fail(new Error('the prediction log worker stopped')));
    // Referenced only while a batch is in its hands, so an idle worker never keeps the process alive.
    this.worker.unref();
  }

  insert(records: readonly PredictionRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.failed) return this.fallback.insert(records);
    const id = (this.nextId += 1);
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) this.worker.ref();
    this.worker.postMessage({ id, rows: records.map(predictionRow) });
    return done;
  }

  /** Closes the worker's connection; call after the last insert, before the main connection closes. */
  async stop(): Promise<void> {
    if (this.failed) return;
    this.failed = true;
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }

  private settle(id: number, error: string | undefined): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    if (error === undefined) waiting.resolve();
    else waiting.reject(new Error(error));
  }

  private fail(error: Error): void {
    this.failed = true;
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
