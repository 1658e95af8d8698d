import { fileURLToPath } from 'node:url';
import { runWorkerInChild } from './load.js';
import type { ServingLoadJob, ServingLoadResult } from './serving-load-worker.js';

const workerPath = fileURLToPath(new URL('./serving-load-worker.ts', import.meta.url));

/** Runs one inference load job in a separate Node process and returns its result. */
export function runServingLoadInChild(job: ServingLoadJob): Promise<ServingLoadResult> {
  return runWorkerInChild(workerPath, job);
}

/** Requests answered 200 per second inside the measured window. */
export const servingRate = (r: ServingLoadResult): number => (r.ok * 1000) / r.elapsedMs;

/** Throws when no request succeeded; otherwise a note on failures (empty when none). */
export function errorNote(what: string, r: ServingLoadResult): string {
  if (r.ok === 0) throw new Error(`${what}: no request succeeded; first error ${r.firstError ?? 'none'}`);
  return r.errors > 0 ? `; ${what}: ${r.errors} failed requests, first: ${r.firstError ?? ''}` : '';
}

/** `/v2/models/{deployment}/infer`. */
export const inferPath = (deployment: string): string => `/v2/models/${encodeURIComponent(deployment)}/infer`;
