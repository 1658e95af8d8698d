import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { oipRequest, post, registerClassifier } from './serving-fixtures.js';

// Each small classifier counts about 400 KiB against the budget (src/runtime/onnx/memory-estimate.ts),
// so 1 MiB holds two of them: serving eight versions one after another must evict the least recent.
const models = ['m1', 'm2', 'm3', 'm4'];
const deployments = models.flatMap((model) => [1, 2].map((version) => ({ name: `${model}-v${version}`, model, version })));

describe.each(backends)('models under a memory budget on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    server = await startTestServer({ backend, modelMemoryMb: 1 });
    call = nativeApi(server.url);
    for (const model of models) await registerClassifier(server.url, call, model);
    for (const d of deployments) expect((await call('createDeployment', { body: { name: d.name, spec: { versions: [{ model: d.model, version: d.version }] } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

  it('evicts the least recently used models, reports load time and memory, and loads an evicted one again on its next request', async () => {
    for (const d of deployments) expect((await post(`${server.url}/v2/models/${d.name}/infer`, oipRequest)).status).toBe(200);

    const text = await (await fetch(`${server.url}/metrics`)).text();
    const loaded = metric(text, 'cairn_models_loaded');
    const evictions = metric(text, 'cairn_model_evictions_total');
    expect(loaded).toBeGreaterThan(0);
    expect(loaded + evictions).toBe(deployments.length);
    expect(evictions).toBeGreaterThanOrEqual(2);
    expect(metric(text, 'cairn_models_memory_bytes')).toBeLessThanOrEqual(1024 * 1024);
    expect(metric(text, 'cairn_model_load_seconds_count')).toBe(deployments.length);

    // The first deployment's model was the least recently used: gone from this process.
    const first = await call('getDeploymentStats', { params: { name: 'm1-v1' } });
    expect(first.body.loaded).toEqual([]);
    const last = await call('getDeploymentStats', { params: { name: 'm4-v2' } });
    expect(last.body.loaded).toEqual([{ model: 'm4', version: 2, memoryBytes: expect.any(Number), loadMs: expect.any(Number), loadedAt: expect.any(Number), lastUsedAt: expect.any(Number) }]);
    expect(last.body.loaded[0].memoryBytes).toBeGreaterThan(0);

    const again = await post(`${server.url}/v2/models/m1-v1/infer`, oipRequest);
    expect(again.status).toBe(200);
    expect((await call('getDeploymentStats', { params: { name: 'm1-v1' } })).body.loaded.map((m: { model: string }) => m.model)).toEqual(['m1']);
  });
});
