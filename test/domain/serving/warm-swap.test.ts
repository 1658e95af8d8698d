import { afterEach, describe, expect, it } from 'vitest';
import { parseInferRequest } from '../../../src/domain/serving/oip-codec.js';
import type { ServingModel } from '../../../src/domain/serving/inference-service.js';
import type { Tensor } from '../../../src/domain/serving/tensor.js';
import { loadOnnxModel } from '../../../src/runtime/onnx/onnx-model.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { inferenceHarness } from './inference-harness.js';

const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3 }));
const body = { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Loads real models, holding back the load of the second one until `open()`, and records every run's input shape. */
function gatedLoads() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let count = 0;
  const runs: { load: number; shape: number[] }[] = [];
  const loadModel = async (source: AsyncIterable<Uint8Array>): Promise<ServingModel> => {
    const load = (count += 1);
    if (load === 2) await gate;
    const model = await loadOnnxModel(source);
    return Object.assign(Object.create(model) as ServingModel, {
      run: (inputs: readonly Tensor[]) => {
        runs.push({ load, shape: [...inputs[0]!.shape] });
        return model.run(inputs);
      },
      release: () => model.release(),
    });
  };
  return { loadModel, open, runs };
}

describe('warm swap', () => {
  it('keeps serving the loaded version while the new alias target loads and warms, then switches', async () => {
    const gated = gatedLoads();
    const h = inferenceHarness({ models: { 'm:1': bytes, 'm:2': bytes }, deployments: { d: { alias: { model: 'm', alias: 'prod' } } }, aliases: { 'm@prod': 1 }, service: { loadModel: gated.loadModel } });
    close = () => h.service.close();
    const predict = async () => (await h.service.predict({ deployment: 'd', headers: {}, body, decode: parseInferRequest })).target.version;

    expect(await predict()).toBe(1);
    h.setAlias('m', 'prod', 2);
    // Version 2's load is held back: requests keep going to version 1 without waiting for it.
    for (let i = 0; i < 5; i += 1) expect(await predict()).toBe(1);
    expect(h.loads).toEqual(['m:1', 'm:2']);

    gated.open();
    let version = await predict();
    for (let i = 0; i < 1000 && version !== 2; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      version = await predict();
    }
    expect(version).toBe(2);
    // The new version's first run was the warm-up on zeros shaped from its signature, before any request.
    expect(gated.runs.filter((r) => r.load === 2)[0]).toEqual({ load: 2, shape: [1, 4] });
    expect(h.loads).toEqual(['m:1', 'm:2']);
  });

  it('loads directly on a cold start, when nothing is loaded to keep serving', async () => {
    const h = inferenceHarness({ models: { 'm:1': bytes, 'm:2': bytes }, deployments: { d: { alias: { model: 'm', alias: 'prod' } } }, aliases: { 'm@prod': 2 } });
    close = () => h.service.close();
    expect((await h.service.predict({ deployment: 'd', headers: {}, body, decode: parseInferRequest })).target.version).toBe(2);
    expect(h.loads).toEqual(['m:2']);
  });
});
