/**
 * Inference load generator, run as its own process (serving-load.ts) like load-worker.ts: the server
 * and the client do not share an event loop, and the server's CPU and RSS are its own. It POSTs
 * prepared Open Inference Protocol bodies either in closed loops (N clients, each sends its next
 * request when the last is answered: what the server can take) or open loop (a fixed rate whatever
 * the answers: latency at a given load, which closed loops understate because a slow answer also
 * delays the requests after it).
 */
import { HttpClient } from './http-client.js';
import { percentile } from './stats.js';

export interface ServingLoadJob {
  url: string;
  /** Paths to POST to, e.g. `/v2/models/trees/infer`, cycled request by request. */
  paths: string[];
  /** Request bodies, cycled request by request. */
  bodies: string[];
  /** Closed loop: the number of clients. Open loop: the most connections open at once. */
  concurrency: number;
  /** Open loop: requests per second, sent on schedule. Absent: closed loops. */
  rate?: number;
  warmupMs: number;
  durationMs: number;
}

export interface ServingLoadResult {
  /** Requests answered 200 that were sent and answered inside the measured window. */
  ok: number;
  errors: number;
  firstError?: string;
  /** Requests answered (any status) over the whole job, warm-up included: what server CPU time covers. */
  requestsSent: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Open loop: how late the generator sent requests, p99 (its own lag, not the server's). */
  sendLagP99Ms?: number;
}

interface Tally {
  ok: number;
  errors: number;
  requestsSent: number;
  firstError?: string;
  latencies: number[];
  lags: number[];
}

export async function runServingLoad(job: ServingLoadJob): Promise<ServingLoadResult> {
  const client = new HttpClient(job.url, job.concurrency);
  const tally: Tally = { ok: 0, errors: 0, requestsSent: 0, latencies: [], lags: [] };
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const end = measureFrom + job.durationMs;
  let bodyIndex = 0;
  let pathIndex = 0;

  const send = async (): Promise<void> => {
    const body = job.bodies[bodyIndex++ % job.bodies.length] ?? '{}';
    const path = job.paths[pathIndex++ % job.paths.length] ?? '/';
    const sent = performance.now();
    try {
      const res = await client.send('POST', path, body);
      const done = performance.now();
      tally.requestsSent++;
      if (sent < measureFrom || done > end) return;
      if (res.status === 200) {
        tally.ok++;
        tally.latencies.push(done - sent);
      } else {
        tally.errors++;
        tally.firstError ??= `${res.status}: ${res.body.slice(0, 200)}`;
      }
    } catch (error) {
      tally.errors++;
      tally.firstError ??= String(error);
    }
  };

  if (job.rate === undefined) {
    const lanes = Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < end) await send();
    });
    await Promise.all(lanes);
  } else {
    await openLoop(job.rate, start, end, measureFrom, tally, send);
  }
  client.close();
  tally.latencies.sort((a, b) => a - b);
  tally.lags.sort((a, b) => a - b);
  return {
    ok: tally.ok,
    errors: tally.errors,
    ...(tally.firstError === undefined ? {} : { firstError: tally.firstError }),
    requestsSent: tally.requestsSent,
    elapsedMs: job.durationMs,
    p50Ms: percentile(tally.latencies, 0.5),
    p99Ms: percentile(tally.latencies, 0.99),
    maxMs: tally.latencies[tally.latencies.length - 1] ?? 0,
    ...(job.rate === undefined ? {} : { sendLagP99Ms: percentile(tally.lags, 0.99) }),
  };
}

/**
 * Sends request k at start + k / rate. A 1 ms timer sends whatever fell due since the last tick (a
 * busier loop would take CPU from the server on 2 cores); latency is timed from the actual send, and
 * how late sends were is reported apart. Requests wait for a free connection inside the agent, and
 * that wait counts in their latency.
 */
async function openLoop(rate: number, start: number, end: number, measureFrom: number, tally: Tally, send: () => Promise<void>): Promise<void> {
  const interval = 1000 / rate;
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      for (let due = start + next * interval; due <= now && due < end; due = start + next * interval) {
        if (due >= measureFrom) tally.lags.push(now - due);
        const request = send();
        inFlight.add(request);
        void request.finally(() => inFlight.delete(request));
        next++;
      }
      if (now >= end) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(inFlight);
}

// Entry point when forked: one job in, one result out.
if (process.send !== undefined) {
  process.once('message', (job: ServingLoadJob) => {
    runServingLoad(job).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) => process.send?.({ error: String(error) }, () => process.exit(1)),
    );
  });
}
