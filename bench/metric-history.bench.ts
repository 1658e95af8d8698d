import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createExperimentAndRun, forEachConcurrent, HttpClient, mlflow } from './support/http-client.js';
import { cpuNote, type BenchRow } from './support/report.js';
import { readCpuMs, removeDataDir, startServerProcess } from './support/server-process.js';
import { median, timeRepeated } from './support/stats.js';

const points = 100_000;
const perRequest = 1000;

/** Fetches the whole history, following page tokens; returns the response bodies. */
async function fetchHistory(client: HttpClient, runId: string): Promise<string[]> {
  const bodies: string[] = [];
  let token = '';
  do {
    const query = `run_id=${runId}&metric_key=loss${token === '' ? '' : `&page_token=${encodeURIComponent(token)}`}`;
    const res = await client.send('GET', `${mlflow}/metrics/get-history?${query}`);
    if (res.status !== 200) throw new Error(`get-history -> ${res.status}: ${res.body.slice(0, 300)}`);
    bodies.push(res.body);
    // Only the token is needed between pages; a full JSON.parse would time the client, not the server.
    token = /"next_page_token"\s*:\s*"([^"]*)"/.exec(res.body)?.[1] ?? '';
  } while (token !== '');
  return bodies;
}

/** metrics/get-history of one metric with 100,000 points. */
export async function benchMetricHistory(): Promise<BenchRow[]> {
  const server = await startServerProcess();
  try {
    const client = new HttpClient(server.url, 4);
    const { runId } = await createExperimentAndRun(client, 'bench-history');
    const timestamp = Date.now();
    await forEachConcurrent(points / perRequest, 4, async (batch) => {
      const metrics = Array.from({ length: perRequest }, (_, i) => {
        const step = batch * perRequest + i;
        return { key: 'loss', value: 1 / (1 + step), timestamp: timestamp + step, step };
      });
      await client.postJson(`${mlflow}/runs/log-batch`, { run_id: runId, metrics });
    });

    const first = await fetchHistory(client, runId);
    const received = first.reduce((n, body) => n + ((JSON.parse(body) as { metrics?: unknown[] }).metrics?.length ?? 0), 0);
    if (received !== points) throw new Error(`get-history returned ${received} points, expected ${points}`);
    const pages = first.length;
    await timeRepeated(2, () => fetchHistory(client, runId));
    const cpuBefore = readCpuMs(server.pid);
    const times = await timeRepeated(15, () => fetchHistory(client, runId));
    const cpuMs = readCpuMs(server.pid) - cpuBefore;
    client.close();

    // Baseline: the same rows straight out of the server's SQLite file.
    const raw = new Database(join(server.dataDir, 'cairn.db'), { readonly: true });
    const internal = raw.prepare('select id from runs where run_uuid = ?').get(runId) as { id: number } | undefined;
    const select = raw.prepare('select key, value, timestamp, step, is_nan from metric_points where run_id = ? and key = ? order by step, timestamp');
    const rawTimes = await timeRepeated(15, () => {
      const rows = select.all(internal?.id ?? -1, 'loss');
      if (rows.length !== points) throw new Error(`raw select found ${rows.length} rows`);
    });
    raw.close();

    const p50 = median(times);
    return [
      {
        name: 'metrics/get-history, 100k points',
        figure: p50,
        unit: 'ms p50',
        baselineName: 'raw better-sqlite3 select',
        baseline: median(rawTimes),
        target: '<= 100 ms',
        pass: p50 <= 100,
        note: `${pages} page(s) with the server's default max_results, ${(first.reduce((n, b) => n + b.length, 0) / 1e6).toFixed(1)} MB of JSON; time to last byte; ${cpuNote(cpuMs, times.length, 'history read')}`,
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
