import { Agent, request } from 'node:http';
import type { BenchRow } from './support/report.js';
import { readCpuMs, removeDataDir, startServerProcess, type ServerProcess } from './support/server-process.js';
import { percentile } from './support/stats.js';

const clients = 4;
const metricsPerRequest = 100;
const rounds = 6;

/**
 * Log-batch requests (100 metrics, 3 params, 2 tags) against two servers in the same run: one
 * without authentication (every request is the local admin, no access lookups) and one with it,
 * where every request carries the Bearer token of a contributor, so it is authenticated and its
 * role in the run's project is looked up. Rounds alternate between the two so that drift in the
 * machine's load hits both alike. The figure is server CPU per request (robust on a shared machine);
 * throughput and latency are in the note.
 */
export async function benchAuthOverhead(roundMs = 3_000): Promise<BenchRow[]> {
  const open = await startServerProcess();
  const guarded = await startServerProcess({ env: { CAIRN_AUTH: '1', CAIRN_ADMIN_PASSWORD: 'bench-password' } });
  try {
    const openTarget = await prepare(open, undefined);
    const token = await contributorToken(guarded);
    const guardedTarget = await prepare(guarded, token);
    const totals = { open: { cpuMs: 0, requests: 0, latencies: [] as number[], elapsed: 0 }, guarded: { cpuMs: 0, requests: 0, latencies: [] as number[], elapsed: 0 } };
    /** Server CPU per request of each round, to compare round by round. */
    const perRound = { open: [] as number[], guarded: [] as number[] };
    // One warm-up round each: JIT, SQLite page cache, the run -> project cache.
    await drive(openTarget, 1_000);
    await drive(guardedTarget, 1_000);
    for (let round = 0; round < rounds; round++) {
      const pair = [
        ['open', openTarget, open],
        ['guarded', guardedTarget, guarded],
      ] as const;
      // Each goes first in half the rounds, so neither always runs on the heels of the other.
      for (const [name, target, server] of round % 2 === 0 ? pair : [...pair].reverse()) {
        const cpuBefore = readCpuMs(server.pid);
        const result = await drive(target, roundMs);
        const total = totals[name];
        const cpuMs = readCpuMs(server.pid) - cpuBefore;
        perRound[name].push((cpuMs * 1000) / Math.max(1, result.requests));
        total.cpuMs += cpuMs;
        total.requests += result.requests;
        total.latencies.push(...result.latencies);
        total.elapsed += roundMs;
        if (result.firstError) throw new Error(`${name} log-batch failed: ${result.firstError}`);
      }
    }
    const cpuPerRequest = (t: typeof totals.open) => (t.cpuMs * 1000) / t.requests;
    const rate = (t: typeof totals.open) => (t.requests * 1000) / t.elapsed;
    const p50 = (t: typeof totals.open) => percentile([...t.latencies].sort((a, b) => a - b), 0.5);
    const on = cpuPerRequest(totals.guarded);
    const off = cpuPerRequest(totals.open);
    // The median of the per-round ratios resists a round spoiled by other work on the machine.
    const ratios = perRound.guarded.map((g, i) => g / (perRound.open[i] ?? g)).sort((a, b) => a - b);
    const medianRatio = percentile(ratios, 0.5);
    const overhead = medianRatio - 1;
    return [
      {
        name: `log-batch server CPU with authorization (${metricsPerRequest} metrics, contributor token)`,
        figure: off * medianRatio,
        unit: 'µs/req',
        baselineName: 'authentication off',
        baseline: off,
        target: '<= 1.05x (auth adds at most 5%)',
        pass: medianRatio <= 1.05,
        note:
          `authorization adds ${(overhead * 100).toFixed(1)}% server CPU per request (median of ${rounds} paired rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; ` +
          `totals ${on.toFixed(0)} vs ${off.toFixed(0)} µs/req); throughput ${rate(totals.guarded).toFixed(0)} vs ${rate(totals.open).toFixed(0)} req/s ` +
          `(${((rate(totals.guarded) / rate(totals.open) - 1) * 100).toFixed(1)}%), p50 ${p50(totals.guarded).toFixed(2)} vs ${p50(totals.open).toFixed(2)} ms; ${clients} clients, ${rounds} alternating rounds`,
      },
    ];
  } finally {
    await open.stop();
    await guarded.stop();
    removeDataDir(open.dataDir);
    removeDataDir(guarded.dataDir);
  }
}

interface Target {
  url: URL;
  agent: Agent;
  headers: Record<string, string>;
  runIds: string[];
}

async function contributorToken(server: ServerProcess): Promise<string> {
  const login = await json<{ token: string }>(server.url, 'POST', '/api/v1/auth/login', { username: 'admin', password: 'bench-password' });
  const admin = { authorization: `Bearer ${login.token}` };
  await json(server.url, 'POST', '/api/v1/users', { name: 'bench' }, admin);
  await json(server.url, 'PUT', '/api/v1/projects/default/members/bench', { role: 'contributor' }, admin);
  return (await json<{ token: string }>(server.url, 'POST', '/api/v1/tokens', { name: 'bench', user: 'bench' }, admin)).token;
}

/** An experiment and one run per client, made by the caller that will log to them. */
async function prepare(server: ServerProcess, token: string | undefined): Promise<Target> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const { experiment_id: experimentId } = await json<{ experiment_id: string }>(server.url, 'POST', '/api/2.0/mlflow/experiments/create', { name: 'auth-bench' }, headers);
  const runIds: string[] = [];
  for (let i = 0; i < clients; i++) {
    const { run } = await json<{ run: { info: { run_id: string } } }>(server.url, 'POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId }, headers);
    runIds.push(run.info.run_id);
  }
  return { url: new URL(server.url), agent: new Agent({ keepAlive: true, maxSockets: clients }), headers, runIds };
}

function batchBody(runId: string, step: number): string {
  const metrics: string[] = [];
  for (let i = 0; i < metricsPerRequest; i++) metrics.push(`{"key":"m${i % 10}","value":${(step + i) * 0.001},"timestamp":${Date.now()},"step":${step * 10 + Math.floor(i / 10)}}`);
  const params = '[{"key":"lr","value":"0.01"},{"key":"depth","value":"6"},{"key":"seed","value":"7"}]';
  const tags = `[{"key":"phase","value":"train"},{"key":"step","value":"${step}"}]`;
  return `{"run_id":"${runId}","metrics":[${metrics.join(',')}],"params":${params},"tags":${tags}}`;
}

async function drive(target: Target, durationMs: number): Promise<{ requests: number; latencies: number[]; firstError?: string }> {
  const end = performance.now() + durationMs;
  const latencies: number[] = [];
  let firstError: string | undefined;
  let steps = 0;
  await Promise.all(
    target.runIds.map(async (runId) => {
      while (performance.now() < end) {
        const sent = performance.now();
        const answer = await send(target, 'POST', '/api/2.0/mlflow/runs/log-batch', batchBody(runId, steps++));
        if (answer.status !== 200) firstError ??= `${answer.status}: ${answer.body.slice(0, 200)}`;
        else latencies.push(performance.now() - sent);
      }
    }),
  );
  return { requests: latencies.length, latencies, ...(firstError ? { firstError } : {}) };
}

function send(target: Target, method: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...target.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request({ host: target.url.hostname, port: target.url.port, method, path, agent: target.agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function json<T = unknown>(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
