import { expect } from 'vitest';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import type { NativeApi } from '../v1/native-client.js';

/** Input rows of the 4-feature classifiers below. */
export const classifierRows = [
  [1, 2, 3, 4],
  [-1.5, 0.25, 2, -3],
];
export const oipRequest = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: classifierRows.flat() }] };

/** Registers `model` with `count` versions of a 4-feature, 3-class ONNX classifier, uploaded as run artifacts. */
export async function registerClassifierVersions(url: string, call: NativeApi, model: string, count: number, headers: Record<string, string> = {}): Promise<void> {
  const experimentId: string = (await call('createExperiment', { headers, body: { name: `${model}-runs` } })).body.experiment.experimentId;
  await call('createModel', { headers, body: { name: model } });
  for (let version = 1; version <= count; version++) {
    const runId: string = (await call('createRun', { headers, body: { experimentId } })).body.run.info.runId;
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, bias: [0.1 * version, 0, -0.1] }));
    const put = await fetch(`${url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes });
    expect(put.status).toBe(201);
    const created = await call('createModelVersion', { headers, params: { name: model }, body: { source: `runs:/${runId}/model.onnx` } });
    expect(created.body.version).toMatchObject({ version, status: 'READY' });
  }
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}
