import { expect } from 'vitest';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { affine, softmax } from '../../runtime/onnx/hand-math.js';
import type { NativeApi } from '../v1/native-client.js';

// Two versions of one classifier with different weights, so an answer shows which version made it.
export const weightsOf = { 1: [0.5, -1, 0.25, 1.5, 0.75, -0.5, -2, 0.125, 1, 0.3, -0.6, 0.9], 2: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5] } as const;
export const bias = [0.1, -0.2, 0.05];
export const rows = [
  [1, 2, 3, 4],
  [-1.5, 0.25, 2, -3],
];
export const oipRequest = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };
export const expected = (version: 1 | 2) => softmax(affine(rows, weightsOf[version], bias));
export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Registers `model` with one ONNX version per weight set, uploaded as run artifacts. */
export async function registerClassifier(url: string, call: NativeApi, model: string, headers: Record<string, string> = {}, project?: string): Promise<void> {
  const experimentId: string = (await call('createExperiment', { headers, body: { name: `${model}-runs`, ...(project ? { project } : {}) } })).body.experiment.experimentId;
  await call('createModel', { headers, body: { name: model, ...(project ? { project } : {}) } });
  for (const version of [1, 2] as const) {
    const runId: string = (await call('createRun', { headers, body: { experimentId } })).body.run.info.runId;
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights: [...weightsOf[version]], bias }));
    const put = await fetch(`${url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes });
    expect(put.status).toBe(201);
    const created = await call('createModelVersion', { headers, params: { name: model }, body: { source: `runs:/${runId}/model.onnx` } });
    expect(created.body.version).toMatchObject({ version, status: 'READY', format: 'onnx' });
  }
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

