import type { BenchRow } from './support/report.js';
import { readCpuMs, removeDataDir, startServerProcess } from './support/server-process.js';
import { inProcessRate } from './support/serving-baseline.js';
import { errorNote, inferPath, runServingLoadInChild, servingRate } from './support/serving-load.js';
import type { ServingLoadResult } from './support/serving-load-worker.js';
import { batchingMlp, deepMlpBytes, oipRowBody, sampleRows } from './support/serving-models.js';
import { callEach, createModelExperiment, deploy, registerOnnxVersion } from './support/serving-setup.js';
import { percentile } from './support/stats.js';

const clients = 64;
const batching = { maxBatchSize: 64, maxWaitMs: 2 };
const rounds = 3;

/**
 * Adaptive batching (issue 4): 64 clients send one-row OIP requests to a MatMul/Relu network whose
 * single row is memory-bound (bench/support/serving-models.ts, `deepMlpModel`: 16 inputs, 4 layers
 * of 1024, 8 outputs), to two deployments of the same version on one server: batching on
 * (maxBatchSize 64, maxWaitMs 2) and off. Rounds alternate between them. Logging is off on both
 * (sampleRate 0) so that the figure is batching's alone. The note gives the same model in-process at
 * 1 and at 64 rows per run: the most batching could gain.
 */
export async function benchServingBatching(roundMs = 4_000): Promise<BenchRow[]> {
  const bytes = deepMlpBytes();
  const rows = sampleRows(512, batchingMlp.inputs);
  const bodies = rows.map(oipRowBody);
  const single = await inProcessRate(bytes, rows, 1, 2_000);
  const batched = await inProcessRate(bytes, rows, batching.maxBatchSize, 2_000);

  const server = await startServerProcess();
  try {
    const experimentId = await createModelExperiment(server.url, 'serving-batching-bench');
    const version = await registerOnnxVersion(server.url, experimentId, 'mlp', bytes);
    await deploy(server.url, 'mlp-batched', 'mlp', version, { sampleRate: 0, batching });
    await deploy(server.url, 'mlp-single', 'mlp', version, { sampleRate: 0 });
    await callEach(server.url, ['mlp-batched', 'mlp-single'], bodies[0] ?? '');

    const results = { on: [] as { result: ServingLoadResult; cpuMs: number }[], off: [] as { result: ServingLoadResult; cpuMs: number }[] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
      for (const which of order) {
        const cpuBefore = readCpuMs(server.pid);
        const result = await runServingLoadInChild({
          url: server.url,
          paths: [inferPath(which === 'on' ? 'mlp-batched' : 'mlp-single')],
          bodies,
          concurrency: clients,
          warmupMs: 1_000,
          durationMs: roundMs,
        });
        results[which].push({ result, cpuMs: readCpuMs(server.pid) - cpuBefore });
      }
    }
    const ratios = results.on.map((on, i) => servingRate(on.result) / servingRate(results.off[i]?.result ?? on.result)).sort((a, b) => a - b);
    const medianRatio = percentile(ratios, 0.5);
    const mean = (list: typeof results.on) => list.reduce((s, m) => s + servingRate(m.result), 0) / list.length;
    const cpuPerRequest = (list: typeof results.on) =>
      (list.reduce((s, m) => s + m.cpuMs, 0) * 1000) / Math.max(1, list.reduce((s, m) => s + m.result.requestsSent, 0));
    const last = (list: typeof results.on) => list[list.length - 1]?.result;
    const onLast = last(results.on);
    const offLast = last(results.off);
    const off = mean(results.off);
    return [
      {
        name: `OIP infer, MLP 4x1024, 1 row/request, ${clients} clients, batching ${batching.maxBatchSize}/${batching.maxWaitMs} ms`,
        figure: off * medianRatio,
        unit: 'req/s',
        baselineName: 'batching off, same server',
        baseline: off,
        target: '>= 3x batching off',
        pass: medianRatio >= 3 && results.on.every((m) => m.result.errors === 0),
        note:
          `median of ${rounds} paired rounds (ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}); mean ${Math.round(mean(results.on))} vs ${Math.round(off)} req/s; ` +
          `server CPU ${cpuPerRequest(results.on).toFixed(0)} vs ${cpuPerRequest(results.off).toFixed(0)} µs/request; ` +
          `p50 ${onLast?.p50Ms.toFixed(1) ?? '-'} vs ${offLast?.p50Ms.toFixed(1) ?? '-'} ms, p99 ${onLast?.p99Ms.toFixed(1) ?? '-'} vs ${offLast?.p99Ms.toFixed(1) ?? '-'} ms; ` +
          `in-process: ${Math.round(single.rowsPerSecond)} rows/s at 1 row/run (p50 ${single.p50Ms.toFixed(2)} ms), ` +
          `${Math.round(batched.rowsPerSecond)} rows/s at ${batching.maxBatchSize} rows/run (p50 ${batched.p50Ms.toFixed(2)} ms)` +
          `${onLast === undefined ? '' : errorNote('batched', onLast)}${offLast === undefined ? '' : errorNote('unbatched', offLast)}`,
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
