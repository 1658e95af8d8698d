/**
 * Load generator, run as its own process (see load.ts) so that the server under test and the client
 * do not share an event loop, and so the server's RSS is its own.
 */
import { HttpClient, mlflow } from './http-client.js';
import { percentile } from './stats.js';

export type LoadKind = 'log-batch' | 'log-metric' | 'get';

export interface LoadJob {
  kind: LoadKind;
  url: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** One run per lane (cycled if fewer). Unused for `get`. */
  runIds: string[];
  /** Metrics per log-batch request. */
  batchSize?: number;
  /** Path for `get`. */
  path?: string;
}

export interface LoadResult {
  /** Requests answered 200 inside the measured window. */
  ok: number;
  errors: number;
  firstError?: string;
  /** Requests answered (any status) over the whole job, warm-up included: what server CPU time covers. */
  requestsSent: number;
  /** Items per request (metric points for log-batch, 1 otherwise). */
  itemsPerRequest: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
}

const keysPerBatch = 10;

/** A log-batch body of `size` points: `keysPerBatch` keys × consecutive steps starting at `firstStep`. */
export function logBatchBody(runId: string, size: number, firstStep: number, timestamp: number): string {
  const parts: string[] = [];
  for (let i = 0; i < size; i++) {
    const key = `m${i % keysPerBatch}`;
    const step = firstStep + Math.floor(i / keysPerBatch);
    parts.push(`{"key":"${key}","value":${(step * 0.001 + i * 1e-6).toFixed(6)},"timestamp":${timestamp},"step":${step}}`);
  }
  return `{"run_id":"${runId}","metrics":[${parts.join(',')}]}`;
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const client = new HttpClient(job.url, job.concurrency);
  const batchSize = job.batchSize ?? 1000;
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let requestsSent = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const end = measureFrom + job.durationMs;

  const request = (lane: number, seq: number): Promise<{ status: number; body: string }> => {
    const runId = job.runIds[lane % Math.max(1, job.runIds.length)] ?? '';
    switch (job.kind) {
      case 'log-batch':
        return client.send('POST', `${mlflow}/runs/log-batch`, logBatchBody(runId, batchSize, seq * Math.ceil(batchSize / keysPerBatch), Date.now()));
      case 'log-metric':
        return client.send('POST', `${mlflow}/runs/log-metric`, `{"run_id":"${runId}","key":"loss","value":${seq * 0.5},"timestamp":${Date.now()},"step":${seq}}`);
      case 'get':
        return client.send('GET', job.path ?? '/health');
    }
  };

  const lanes = Array.from({ length: job.concurrency }, async (_, lane) => {
    for (let seq = 0; ; seq++) {
      const sent = performance.now();
      if (sent >= end) return;
      try {
        const res = await request(lane, seq);
        const done = performance.now();
        requestsSent++;
        if (sent >= measureFrom && done <= end) {
          if (res.status === 200) {
            ok++;
            latencies.push(done - sent);
          } else {
            errors++;
            firstError ??= `${res.status}: ${res.body.slice(0, 200)}`;
          }
        }
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  });
  await Promise.all(lanes);
  client.close();
  latencies.sort((a, b) => a - b);
  return {
    ok,
    errors,
    ...(firstError === undefined ? {} : { firstError }),
    requestsSent,
    itemsPerRequest: job.kind === 'log-batch' ? batchSize : 1,
    elapsedMs: job.durationMs,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

// Entry point when forked: one job in, one result out.
if (process.send !== undefined) {
  process.once('message', (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
    );
  });
}
