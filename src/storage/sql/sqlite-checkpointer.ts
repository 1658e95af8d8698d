import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { lowerThreadPrioritySource } from './background-priority.js';

/**
 * How often the worker copies the WAL back into the database file. Under log-batch ingestion every
 * 500 ms let the WAL reach the backstop below, whose checkpoints on the event loop raised p99
 * request latency from about 28 to about 40 ms; every 100 ms kept it at 28 ms. A checkpoint with
 * nothing to copy costs a few microseconds.
 */
const intervalMs = 100;

/**
 * WAL pages after which a commit on the main connection checkpoints by itself (SQLite's default is
 * 1,000). The WAL file only starts over from its beginning after a checkpoint that no commit raced,
 * which under steady writes is this one; by then the worker has copied nearly every page, so it
 * has little left to copy. It also bounds the WAL (about 40 MB) should the worker fail or die.
 */
export const backstopCheckpointPages = 10_000;

// CommonJS run with `eval`, so that it needs no file of its own next to this one: source (tsx),
// the bench's transpiled copy and the build all start it the same way.
const workerSource = `${lowerThreadPrioritySource}
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or failing now; the next tick, or the main connection's backstop, catches up.
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker and closes its connection; call before closing the main connection. */
  stop(): Promise<void>;
}

/**
 * Checkpoints the SQLite database at `path` from a worker thread with a connection of its own.
 *
 * better-sqlite3 runs on the event loop, so with SQLite's automatic checkpoints one commit in every
 * few dozen also copied the WAL into the database file and fsynced it, and every request waited
 * meanwhile: on a disk busy with other work, log-metric throughput fell by a quarter and its p99
 * latency tripled (docs/performance.md). A PASSIVE checkpoint never waits for, nor blocks, the
 * writer or readers of other connections, so the main connection only appends to the WAL.
 * Durability is unchanged: a transaction is durable once committed to the WAL, whenever it is
 * copied back.
 */
export function startCheckpointer(path: string): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, { eval: true, workerData: { driver, path, intervalMs } });
  // A worker that cannot open the file or dies leaves the backstop to do the work; nothing to report.
  worker.on('error', () => undefined);
  // Never what keeps the process alive.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Referenced again so that the process waits for the worker to close its connection.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
