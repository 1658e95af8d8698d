/**
 * Seeds the registry seed plus a second project, `fraud`, whose model versions are uploaded ONNX
 * files (so they have a format, a signature and digests), through the native API.
 */
import { createHash } from 'node:crypto';
import { linearClassifierBytes, mlpModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { seedRegistry, type SeededRegistry } from './seed-registry.js';

export interface SeededRegistryEdits extends SeededRegistry {
  project: string;
  fraudModel: string;
  fraudExperiment: string;
  /** Path to sha256 of the files of fraud-detector version 1. */
  digests: Map<string, string>;
}

async function send(baseUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function uploadVersion(baseUrl: string, model: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const name = encodeURIComponent(model);
  const { version } = (await send(baseUrl, 'POST', `/models/${name}/versions`, { upload: true })) as { version: { version: number } };
  for (const [path, bytes] of Object.entries(files)) {
    const url = `${baseUrl}/api/v1/models/${name}/versions/${version.version}/files/content?path=${encodeURIComponent(path)}`;
    const response = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    if (!response.ok) throw new Error(`upload of ${path} answered ${response.status}: ${await response.text()}`);
  }
  await send(baseUrl, 'POST', `/models/${name}/versions/${version.version}/finalize`, {});
}

/**
 * Project `fraud` (protecting `production`) with experiment `fraud-experiments` and model
 * `fraud-detector`: version 1 a linear classifier (4 features, 3 classes) with a label file, holding
 * `@production`; version 2 a perceptron. The alias was set before protection, so only a promotion
 * could move it now — and deleting version 1 would drop it.
 */
export async function seedRegistryEdits(baseUrl: string): Promise<SeededRegistryEdits> {
  const seeded = await seedRegistry(baseUrl);
  const project = 'fraud';
  const fraudModel = 'fraud-detector';
  const fraudExperiment = 'fraud-experiments';
  await send(baseUrl, 'POST', '/projects', { name: project, description: 'Card fraud models' });
  // New projects protect `production` from the start; lift it to place the alias directly, then restore it.
  await send(baseUrl, 'PATCH', `/projects/${project}`, { protectedAliases: [] });
  await send(baseUrl, 'POST', '/experiments', { name: fraudExperiment, project });
  await send(baseUrl, 'POST', '/models', { name: fraudModel, project, description: 'Flags card fraud.', tags: [{ key: 'team', value: 'risk' }] });
  const model = linearClassifierBytes({ features: 4, classes: 3 });
  const labels = 'legit\nsuspicious\nfraud\n';
  await uploadVersion(baseUrl, fraudModel, { 'model.onnx': model, 'labels.txt': labels });
  await uploadVersion(baseUrl, fraudModel, { 'model.onnx': onnxBytes(mlpModel({ inputs: 8, hidden: 16, outputs: 2 })) });
  await send(baseUrl, 'PUT', `/models/${fraudModel}/aliases/production`, { version: 1 });
  await send(baseUrl, 'PATCH', `/projects/${project}`, { protectedAliases: ['production'] });
  const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
  const digests = new Map([
    ['model.onnx', sha(model)],
    ['labels.txt', sha(labels)],
  ]);
  return { ...seeded, project, fraudModel, fraudExperiment, digests };
}
