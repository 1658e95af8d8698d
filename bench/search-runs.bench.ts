import { createRun, forEachConcurrent, HttpClient, mlflow } from './support/http-client.js';
import { seededRandom } from './support/random.js';
import { cpuNote, type BenchRow } from './support/report.js';
import { readCpuMs, removeDataDir, startServerProcess } from './support/server-process.js';
import { median, timeRepeated } from './support/stats.js';

const runCount = 10_000;
const optimizers = ['adam', 'sgd', 'rmsprop', 'adagrad'];

/** Seeds `runCount` runs with 5 params and 5 metrics each, through the MLflow API. */
async function seedRuns(client: HttpClient, experimentId: string): Promise<void> {
  const random = seededRandom(42);
  const rows = Array.from({ length: runCount }, (_, i) => ({
    params: { optimizer: optimizers[i % optimizers.length] ?? 'adam', lr: String(10 ** -(1 + (i % 4))), batch_size: String(2 ** (4 + (i % 5))), layers: String(2 + (i % 6)), dropout: (i % 10 / 20).toFixed(2) },
    metrics: { accuracy: random(), loss: random() * 2, f1: random(), precision: random(), recall: random() },
  }));
  await forEachConcurrent(runCount, 8, async (i) => {
    const row = rows[i];
    if (row === undefined) return;
    const runId = await createRun(client, experimentId, `run-${i}`);
    const timestamp = Date.now();
    await client.postJson(`${mlflow}/runs/log-batch`, {
      run_id: runId,
      params: Object.entries(row.params).map(([key, value]) => ({ key, value })),
      metrics: Object.entries(row.metrics).map(([key, value]) => ({ key, value, timestamp, step: 0 })),
    });
  });
}

/** runs/search over 10,000 runs: filter on one metric and one param, order by a metric, 100 results. */
export async function benchSearchRuns(): Promise<BenchRow[]> {
  const server = await startServerProcess();
  try {
    const client = new HttpClient(server.url, 8);
    const { experiment_id: experimentId } = await client.postJson<{ experiment_id: string }>(`${mlflow}/experiments/create`, { name: 'bench-search' });
    const seedStart = performance.now();
    await seedRuns(client, experimentId);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const query = JSON.stringify({
      experiment_ids: [experimentId],
      filter: "metrics.accuracy > 0.5 and params.optimizer = 'adam'",
      order_by: ['metrics.loss ASC'],
      max_results: 100,
    });
    const search = async (): Promise<void> => {
      const res = await client.send('POST', `${mlflow}/runs/search`, query);
      if (res.status !== 200) throw new Error(`runs/search -> ${res.status}: ${res.body.slice(0, 300)}`);
      const runs = (JSON.parse(res.body) as { runs?: unknown[] }).runs ?? [];
      if (runs.length !== 100) throw new Error(`runs/search returned ${runs.length} runs, expected 100`);
    };
    const health = async (): Promise<void> => {
      const res = await client.send('GET', '/health');
      if (res.status !== 200) throw new Error(`/health -> ${res.status}`);
    };

    await timeRepeated(20, search);
    await timeRepeated(20, health);
    const cpuBefore = readCpuMs(server.pid);
    const searchTimes = await timeRepeated(200, search);
    const cpuMs = readCpuMs(server.pid) - cpuBefore;
    const healthTimes = await timeRepeated(200, health);
    client.close();
    const p50 = median(searchTimes);
    return [
      {
        name: 'runs/search, 10k runs, 100 results',
        figure: p50,
        unit: 'ms p50',
        baselineName: '/health round trip',
        baseline: median(healthTimes),
        target: '<= 15 ms p50',
        pass: p50 <= 15,
        note: `p90 ${(searchTimes[179] ?? 0).toFixed(1)} ms; ${cpuNote(cpuMs, searchTimes.length, 'search request')}; seeding ${runCount} runs through the API took ${seedSeconds.toFixed(1)} s`,
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
