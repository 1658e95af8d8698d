import type { BenchRow } from './support/report.js';
import { readCpuMs, readMemory, removeDataDir, startServerProcess } from './support/server-process.js';
import { estimateModelMemory } from '../src/runtime/onnx/memory-estimate.js';
import { errorNote, inferPath, runServingLoadInChild, servingRate } from './support/serving-load.js';
import { oipRowBody, sampleRows, treeEnsembleBytes, treeFeatures } from './support/serving-models.js';
import { callEach, createModelExperiment, deploy, loadedModels, registerOnnxVersion, type LoadedModels } from './support/serving-setup.js';
import { median, mib, percentile } from './support/stats.js';

const modelCount = 200;
const budgetMb = 2048;

const cacheNote = (cache: LoadedModels | undefined): string =>
  cache === undefined
    ? 'no model-cache gauges in /metrics'
    : `cairn_models_loaded ${cache.loaded}, cairn_model_evictions_total ${cache.evictions}, cairn_models_memory_bytes ${mib(cache.memoryBytes).toFixed(0)} MB`;

/**
 * Many models on one server (issue 4): 200 registered models, each one version of a distinct tree
 * ensemble of the serving bench's shape (100 trees of depth 6, 10 inputs, a different seed each, about
 * 310 KiB), each deployed on its own, on a server with CAIRN_MODEL_MEMORY_MB=2048. Every deployment
 * is called once (which loads its model), then once more, then 32 clients call all 200 in turn, then
 * each once more, and one model 200 times (the cost of a call when nothing loads). The
 * figure is the server's RSS after all that; the baseline its RSS before the first inference, with
 * every model registered and deployed.
 */
export async function benchServingModels(durationMs = 5_000): Promise<BenchRow[]> {
  const rows = sampleRows(200, treeFeatures);
  const bodies = rows.map(oipRowBody);
  const server = await startServerProcess({ env: { CAIRN_MODEL_MEMORY_MB: String(budgetMb) } });
  try {
    const experimentId = await createModelExperiment(server.url, 'serving-models-bench');
    const deployments: string[] = [];
    let fileBytes = 0;
    let estimatedBytes = 0;
    for (let i = 0; i < modelCount; i++) {
      const model = `tabular-${String(i).padStart(3, '0')}`;
      const bytes = treeEnsembleBytes(1_000 + i);
      fileBytes += bytes.length;
      estimatedBytes += estimateModelMemory(bytes);
      const version = await registerOnnxVersion(server.url, experimentId, model, bytes);
      await deploy(server.url, `${model}-live`, model, version, { sampleRate: 1 });
      deployments.push(`${model}-live`);
    }
    const before = readMemory(server.pid).rss;
    const pass = async (body: string, names: readonly string[] = deployments) => {
      const cpuBefore = readCpuMs(server.pid);
      const durations = await callEach(server.url, names, body);
      return { durations: [...durations].sort((a, b) => a - b), cpuMs: readCpuMs(server.pid) - cpuBefore };
    };
    const first = await pass(bodies[0] ?? '');
    const afterLoad = readMemory(server.pid).rss;
    const second = await pass(bodies[1] ?? '');
    const spread = await runServingLoadInChild({ url: server.url, paths: deployments.map(inferPath), bodies, concurrency: 32, warmupMs: 1_000, durationMs });
    const after = readMemory(server.pid);
    const third = await pass(bodies[2] ?? '');
    const cache = await loadedModels(server.url);
    // The same sequential calls, all to one loaded model: what a pass costs when nothing loads.
    const same = await pass(bodies[3] ?? '', deployments.map(() => deployments[0] ?? ''));

    // The cache's gauges (cairn_models_loaded, cairn_model_evictions_total) count loaded models and
    // evictions exactly. Without them (older builds): eviction cannot happen while the cache's own
    // estimate stays under the budget, and a reload would show as a later call costing about what a
    // first call did. A pass over 200 deployments also misses the inference path's 1 s lookup cache on
    // every call, which a pass on one deployment does not: that difference is the lookup, not loading.
    const estimatedMb = mib(estimatedBytes);
    const grownMb = mib(after.rss - before);
    const cpuPerCall = (p: { cpuMs: number }) => `${(p.cpuMs / modelCount).toFixed(2)} ms`;
    return [
      {
        name: `${modelCount} deployed models on one server (budget ${budgetMb} MB), server RSS`,
        figure: mib(after.rss),
        unit: 'MB',
        baselineName: 'same server before loading',
        baseline: mib(before),
        target: `${modelCount} loaded within ${budgetMb} MB, no evictions`,
        pass:
          first.durations.length === modelCount && grownMb <= budgetMb && estimatedMb <= budgetMb && spread.errors === 0 &&
          (cache === undefined || (cache.loaded === modelCount && cache.evictions === 0)),
        note:
          `${first.durations.length} of ${modelCount} answered; ${cacheNote(cache)}; RSS ${mib(before).toFixed(0)} MB before, ${mib(afterLoad).toFixed(0)} MB after loading all, ${mib(after.rss).toFixed(0)} MB after the spread load ` +
          `(+${grownMb.toFixed(0)} MB, ${((after.rss - before) / modelCount / 1024).toFixed(0)} KiB per model; peak ${mib(after.hwm).toFixed(0)} MB); ` +
          `model files ${mib(fileBytes).toFixed(1)} MB, the cache's estimate ${estimatedMb.toFixed(0)} MB of the ${budgetMb} MB budget; ` +
          `first call (loads) p50 ${median(first.durations).toFixed(1)} ms, max ${(first.durations[modelCount - 1] ?? 0).toFixed(1)} ms, server CPU ${cpuPerCall(first)}/call; ` +
          `second call p50 ${median(second.durations).toFixed(2)} ms, p99 ${percentile(second.durations, 0.99).toFixed(2)} ms, CPU ${cpuPerCall(second)}/call; ` +
          `after the spread load CPU ${cpuPerCall(third)}/call; 200 calls to one model p50 ${median(same.durations).toFixed(2)} ms, CPU ${cpuPerCall(same)}/call; ` +
          `32 clients over all ${modelCount}: ${Math.round(servingRate(spread))} req/s, p99 ${spread.p99Ms.toFixed(1)} ms${errorNote('spread', spread)}`,
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
