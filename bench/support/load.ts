import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadJob, LoadResult } from './load-worker.js';
import { ownSession, raisePriority } from './server-process.js';

const workerPath = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** Runs one load job in a separate Node process and returns its result. */
export function runLoadInChild(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [], { detached: ownSession(), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    raisePriority(child.pid);
    let settled = false;
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      settled = true;
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error ?? 'unknown'}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code}`));
    });
    child.send(job);
  });
}

/** Requests per second inside the measured window. */
export const requestRate = (r: LoadResult): number => (r.ok * 1000) / r.elapsedMs;

/** Items (metric points) per second inside the measured window. */
export const itemRate = (r: LoadResult): number => (r.ok * r.itemsPerRequest * 1000) / r.elapsedMs;
