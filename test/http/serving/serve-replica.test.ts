import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CairnApp } from '../../../src/app.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { oipRequest, post, registerClassifier, rows } from './serving-fixtures.js';

/** Calls `attempt` until it answers true; a replica sees a change once its short lookup cache expires. */
async function eventually(attempt: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await attempt())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(backends)('cairn serve replica on %s', (backend) => {
  let full: TestServer;
  let call: NativeApi;
  let replica: CairnApp;
  let replicaUrl: string;

  beforeAll(async () => {
    full = await startTestServer({ backend });
    call = nativeApi(full.url);
    // The replica shares the full server's database and artifact store, as `cairn serve` does.
    replica = await createApp({ ...full.app.config, port: 0 }, { role: 'serve', defaultMetrics: false });
    replicaUrl = await replica.listen();
    await registerClassifier(full.url, call, 'clf');
    expect((await call('createDeployment', { body: { name: 'replicated', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await full?.close();
  });

  it('answers a deployment created through the full server after the replica started, on every inference route', async () => {
    const oip = await post(`${replicaUrl}/v2/models/replicated/infer`, oipRequest);
    expect(oip.status).toBe(200);
    expect(oip.body).toMatchObject({ model_name: 'replicated', model_version: '1' });
    const invocation = await post(`${replicaUrl}/deployments/replicated/invocations`, { inputs: rows });
    expect(invocation.status).toBe(200);
    expect(invocation.body.predictions).toHaveLength(2);
    const records = rows.map(([a, b, c, d]) => ({ a, b, c, d }));
    const predicted = await post(`${replicaUrl}/api/v1/deployments/replicated/predict`, { records });
    expect(predicted.status).toBe(200);
    expect(predicted.body).toMatchObject({ model: 'clf', modelVersion: 1 });
    expect(await (await fetch(`${replicaUrl}/v2/models/replicated`)).json()).toMatchObject({ name: 'replicated' });
  });

  it('serves health and its own metrics', async () => {
    expect((await fetch(`${replicaUrl}/health`)).status).toBe(200);
    expect(await (await fetch(`${replicaUrl}/v2/health/ready`)).json()).toEqual({ ready: true });
    const metrics = await (await fetch(`${replicaUrl}/metrics`)).text();
    expect(metrics).toContain('cairn_inference_requests_total{deployment="replicated",model="clf",version="1",status="ok"}');
  });

  it('answers 404 for the UI, the MLflow API and every native route but predict', async () => {
    const refused: [string, string][] = [
      ['GET', '/api/v1/deployments'],
      ['GET', '/api/v1/deployments/replicated'],
      ['GET', '/api/v1/deployments/replicated/stats'],
      ['GET', '/api/v1/openapi.json'],
      ['POST', '/api/v1/experiments'],
      ['GET', '/api/2.0/mlflow/experiments/search'],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts'],
      ['GET', '/'],
      ['GET', '/deployments'],
    ];
    for (const [method, path] of refused) {
      const answer = await fetch(`${replicaUrl}${path}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
      expect(answer.status, `${method} ${path}`).toBe(404);
    }
  });

  it('serves a new revision made through the full server without a restart', async () => {
    expect((await call('updateDeployment', { params: { name: 'replicated' }, body: { spec: { versions: [{ model: 'clf', version: 2 }] }, comment: 'to v2' } })).status).toBe(200);
    await eventually(async () => (await post(`${replicaUrl}/v2/models/replicated/infer`, oipRequest)).body.model_version === '2');
    const answer = await post(`${replicaUrl}/v2/models/replicated/infer`, oipRequest);
    expect(answer.headers.get('x-model-version')).toBe('2');
  });

  it('stops answering a deployment deleted through the full server', async () => {
    expect((await call('createDeployment', { body: { name: 'short-lived', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
    expect((await post(`${replicaUrl}/v2/models/short-lived/infer`, oipRequest)).status).toBe(200);
    expect((await call('deleteDeployment', { params: { name: 'short-lived' } })).status).toBe(200);
    await eventually(async () => (await post(`${replicaUrl}/v2/models/short-lived/infer`, oipRequest)).status === 404);
  });
});

describe.each(backends)('cairn serve replica with authentication on %s', (backend) => {
  let full: TestServer;
  let replica: CairnApp;
  let replicaUrl: string;
  const admin = { authorization: `Basic ${Buffer.from('admin:admin-password').toString('base64')}` };

  beforeAll(async () => {
    full = await startTestServer({ backend, auth: true });
    const call = nativeApi(full.url);
    replica = await createApp({ ...full.app.config, port: 0 }, { role: 'serve', defaultMetrics: false });
    replicaUrl = await replica.listen();
    await registerClassifier(full.url, call, 'clf', admin);
    expect((await call('createDeployment', { headers: admin, body: { name: 'guarded', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await replica?.close();
    await full?.close();
  });

  it('checks credentials against the shared database', async () => {
    expect((await post(`${replicaUrl}/v2/models/guarded/infer`, oipRequest)).status).toBe(401);
    expect((await post(`${replicaUrl}/v2/models/guarded/infer`, oipRequest, { authorization: `Basic ${Buffer.from('admin:wrong-password').toString('base64')}` })).status).toBe(401);
    const answered = await post(`${replicaUrl}/v2/models/guarded/infer`, oipRequest, admin);
    expect(answered.status).toBe(200);
    expect(answered.body.model_version).toBe('1');
  });
});
