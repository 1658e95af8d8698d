import { fork, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './load-worker.js';
import { ownSession, raisePriority } from './server-process.js';

const workerPath = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** Runs one load job in a separate Node process and returns its result. */
export function runLoadInChild(job: LoadJob): Promise<LoadResult> {
  return runWorkerInChild(workerPath, job);
}

/**
 * Sends `job` to the worker module at `worker` (a .ts file that answers one `{result}` or `{error}`
 * message) run as its own Node process, detached and at raised priority like the server.
 */
export function runWorkerInChild<J extends object, R>(worker: string, job: J): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(worker, [], { detached: ownSession(), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    raisePriority(child.pid);
    let settled = false;
    child.once('message', (message: { result?: R; error?: string }) => {
      settled = true;
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error ?? 'unknown'}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code}`));
    });
    child.send(job as Serializable);
  });
}

/** Requests per second inside the measured window. */
export const requestRate = (r: LoadResult): number => (r.ok * 1000) / r.elapsedMs;

/** Items (metric points) per second inside the measured window. */
export const itemRate = (r: LoadResult): number => (r.ok * r.itemsPerRequest * 1000) / r.elapsedMs;
