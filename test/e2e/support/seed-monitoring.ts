import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';

/** A JSON call to the native API that throws with the answer when it is not 2xx. */
export async function send<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Deterministic values in [-1, 1) (a small LCG), so every run of the test sees the same data. */
export function uniformValues(seed: number, count: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

/** 200 rows of four features f0..f3, as a CSV a reference can be uploaded from. */
export function referenceCsv(): string {
  const values = uniformValues(7, 800);
  const rows = Array.from({ length: 200 }, (_, i) => values.slice(i * 4, i * 4 + 4).map((v) => v.toFixed(4)).join(','));
  return ['f0,f1,f2,f3', ...rows].join('\n') + '\n';
}

export const trainingAccuracy = 0.9;

/**
 * Model `scorer` version 1 (an ONNX classifier: 4 features, 3 classes) from a run that logged
 * accuracy 0.9 (the training baseline), served by deployment `churn` that logs every prediction.
 */
export async function seedMonitoring(baseUrl: string): Promise<{ runId: string }> {
  const { experiment } = await send<{ experiment: { experimentId: string } }>(baseUrl, 'POST', '/experiments', { name: 'scorer-training' });
  await send(baseUrl, 'POST', '/models', { name: 'scorer' });
  const { run } = await send<{ run: { info: { runId: string } } }>(baseUrl, 'POST', '/runs', { experimentId: experiment.experimentId });
  const runId = run.info.runId;
  await send(baseUrl, 'POST', `/runs/${runId}/batch`, { metrics: [{ key: 'accuracy', value: trainingAccuracy, timestamp: Date.now(), step: 0 }] });
  const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3 }));
  const put = await fetch(`${baseUrl}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  if (put.status !== 201) throw new Error(`artifact upload answered ${put.status}`);
  await send(baseUrl, 'POST', '/models/scorer/versions', { source: `runs:/${runId}/model.onnx` });
  await send(baseUrl, 'POST', '/deployments', {
    name: 'churn',
    project: 'default',
    spec: { versions: [{ model: 'scorer', version: 1, weight: 100 }], logging: { sampleRate: 1 } },
  });
  return { runId };
}

/** One single-row request (a label belongs to a whole prediction, so only one-row ones are scored); answers its prediction id. */
export async function infer(baseUrl: string, features: number[]): Promise<string> {
  const response = await fetch(`${baseUrl}/v2/models/churn/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: features }] }),
  });
  if (response.status !== 200) throw new Error(`inference answered ${response.status}: ${await response.text()}`);
  return response.headers.get('x-prediction-id') ?? '';
}

/** The index of the largest probability: the class the model predicted. */
export function argmax(values: ReadonlyArray<number | string | boolean>): number {
  let best = 0;
  values.forEach((v, i) => {
    if (Number(v) > Number(values[best])) best = i;
  });
  return best;
}
