import { loadOnnxModel } from '../../src/runtime/onnx/onnx-model.js';
import { percentile } from './stats.js';

export interface InProcessRate {
  /** Rows per second. */
  rowsPerSecond: number;
  /** Runs per second (rows / batch). */
  runsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The serving benches' baseline: the same model file run in this process through the same adapter
 * (`loadOnnxModel`, onnxruntime-node, one intra-op thread as the server uses), one run after the
 * other with `batch` rows each (cycling through `rows`), for `durationMs` after a warm-up. What the
 * server adds over this is HTTP, JSON, routing, checks and logging.
 */
export async function inProcessRate(bytes: Uint8Array, rows: readonly (readonly number[])[], batch: number, durationMs: number): Promise<InProcessRate> {
  const model = await loadOnnxModel(bytes);
  const width = rows[0]?.length ?? 0;
  const inputs = Array.from({ length: Math.max(1, Math.floor(rows.length / batch)) }, (_, i) => {
    const data = new Float32Array(batch * width);
    for (let r = 0; r < batch; r++) data.set(rows[(i * batch + r) % rows.length] ?? [], r * width);
    return [{ name: 'input', datatype: 'FP32' as const, shape: [batch, width], data }];
  });
  try {
    const runFor = async (ms: number, latencies?: number[]): Promise<number> => {
      const end = performance.now() + ms;
      let runs = 0;
      for (let now = performance.now(); now < end; runs++) {
        await model.run(inputs[runs % inputs.length] ?? []);
        const done = performance.now();
        latencies?.push(done - now);
        now = done;
      }
      return runs;
    };
    await runFor(Math.min(1_000, durationMs / 4));
    const latencies: number[] = [];
    const started = performance.now();
    const runs = await runFor(durationMs, latencies);
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    return { rowsPerSecond: (runs * batch * 1000) / elapsed, runsPerSecond: (runs * 1000) / elapsed, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
  } finally {
    await model.release();
  }
}
