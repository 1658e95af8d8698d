import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/support/random.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { expectClose } from '../../runtime/onnx/hand-math.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { expected, post, registerClassifier, rows, uuid } from './serving-fixtures.js';

const oipBody = { id: 'req-1', inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };

describe.each(backends)('inference on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    server = await startTestServer({ backend, random: seededRandom(11) });
    call = nativeApi(server.url);
    await registerClassifier(server.url, call, 'clf');
    await call('setModelAlias', { params: { name: 'clf', alias: 'champion' }, body: { version: 1 } });
    expect((await call('createDeployment', { body: { name: 'fixed', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
    expect((await call('createDeployment', { body: { name: 'canary', spec: { versions: [{ model: 'clf', version: 1, weight: 50 }, { model: 'clf', version: 2, weight: 50 }] } } })).status).toBe(201);
    expect((await call('createDeployment', { body: { name: 'follower', spec: { alias: { model: 'clf', alias: 'champion' } } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers an Open Inference Protocol request with the model outputs, the request id, a prediction id and the version', async () => {
    const answer = await post(`${server.url}/v2/models/fixed/infer`, oipBody);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ model_name: 'fixed', model_version: '1', id: 'req-1', outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [2, 3] }] });
    expectClose(answer.body.outputs[0].data, expected(1).flat());
    expect(answer.headers.get('x-prediction-id')).toMatch(uuid);
    expect(answer.headers.get('x-model-version')).toBe('1');
    expect(answer.headers.get('x-model-name')).toBe('clf');
  });

  it('answers MLflow invocations and records predict with the same outputs', async () => {
    const split = await post(`${server.url}/deployments/fixed/invocations`, { dataframe_split: { columns: ['a', 'b', 'c', 'd'], data: rows } });
    expect(split.status).toBe(200);
    expectClose(split.body.predictions.flat(), expected(1).flat());
    expect(split.headers.get('x-prediction-id')).toMatch(uuid);
    expect(split.headers.get('x-model-version')).toBe('1');

    const records = rows.map((row) => ({ a: row[0], b: row[1], c: row[2], d: row[3] }));
    const predicted = await post(`${server.url}/api/v1/deployments/fixed/predict`, { records });
    expect(predicted.status).toBe(200);
    expect(predicted.body).toMatchObject({ model: 'clf', modelVersion: 1 });
    expect(predicted.body.predictionId).toBe(predicted.headers.get('x-prediction-id'));
    expectClose(predicted.body.predictions.flat(), expected(1).flat());
  });

  it('answers MLflow invocations sent as CSV with a header row', async () => {
    const body = `a,b,c,d\n${rows.map((row) => row.join(',')).join('\n')}\n`;
    const response = await fetch(`${server.url}/deployments/fixed/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    expect(response.status).toBe(200);
    expectClose(((await response.json()) as { predictions: number[][] }).predictions.flat(), expected(1).flat());
    const ragged = await fetch(`${server.url}/deployments/fixed/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b,c,d\n1,2\n' });
    expect(ragged.status).toBe(400);
    expect(((await ragged.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('CSV row 1') });
  });

  it('refuses bad input with a 400 naming the input, on every format', async () => {
    const wrongType = await post(`${server.url}/v2/models/fixed/infer`, { inputs: [{ name: 'input', datatype: 'INT32', shape: [1, 4], data: [1, 2, 3, 4] }] });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/'input'/);
    const wrongWidth = await post(`${server.url}/v2/models/fixed/infer`, { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] });
    expect(wrongWidth.status).toBe(400);
    expect(wrongWidth.body.error).toMatch(/'input'/);
    const invocation = await post(`${server.url}/deployments/fixed/invocations`, { inputs: { input: [[1, 2]] } });
    expect(invocation.status).toBe(400);
    expect(invocation.body.error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(invocation.body.error.message).toMatch(/input/);
  });

  it('answers 404 for an unknown deployment or a version it does not serve', async () => {
    const oip = await post(`${server.url}/v2/models/nowhere/infer`, oipBody);
    expect(oip.status).toBe(404);
    expect(typeof oip.body.error).toBe('string');
    expect((await post(`${server.url}/deployments/nowhere/invocations`, { inputs: [rows[0]] })).status).toBe(404);
    expect((await post(`${server.url}/api/v1/deployments/nowhere/predict`, { records: [] })).status).toBe(404);
    expect((await post(`${server.url}/v2/models/fixed/versions/2/infer`, oipBody)).status).toBe(404);
    expect((await post(`${server.url}/v2/models/fixed/versions/x/infer`, oipBody)).status).toBe(404);
  });

  it('serves health, server metadata, model metadata from the signature, and model readiness', async () => {
    expect(await (await fetch(`${server.url}/v2/health/live`)).json()).toEqual({ live: true });
    expect(await (await fetch(`${server.url}/v2/health/ready`)).json()).toEqual({ ready: true });
    expect(await (await fetch(`${server.url}/v2`)).json()).toMatchObject({ name: 'cairn', extensions: [] });
    expect(await (await fetch(`${server.url}/v2/models/canary`)).json()).toMatchObject({
      name: 'canary',
      versions: ['1', '2'],
      platform: 'onnx_onnxv1',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
    });
    expect(await (await fetch(`${server.url}/v2/models/fixed/ready`)).json()).toEqual({ name: 'fixed', ready: true });
    const missing = await fetch(`${server.url}/v2/models/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: expect.stringContaining('nowhere') });
  });

  it('splits a 50/50 canary both ways and answers a named version of it', async () => {
    const counts = { '1': 0, '2': 0 } as Record<string, number>;
    for (let i = 0; i < 200; i += 1) {
      const answer = await post(`${server.url}/v2/models/canary/infer`, oipBody);
      const version = answer.headers.get('x-model-version') ?? '';
      expect(answer.body.model_version).toBe(version);
      expectClose(answer.body.outputs[0].data, expected(Number(version) as 1 | 2).flat());
      counts[version] = (counts[version] ?? 0) + 1;
    }
    // 200 fair draws: the standard deviation of either count is about 7; ±40 is well beyond chance.
    expect(counts['1']! + counts['2']!).toBe(200);
    expect(Math.abs(counts['1']! - 100)).toBeLessThan(40);

    const named = await post(`${server.url}/v2/models/canary/versions/2/infer`, oipBody);
    expect(named.status).toBe(200);
    expect(named.body.model_version).toBe('2');
    expectClose(named.body.outputs[0].data, expected(2).flat());
  });

  it('honours 90/10 canary weights over thousands of concurrent requests', async () => {
    expect((await call('createDeployment', { body: { name: 'ninety-ten', spec: { versions: [{ model: 'clf', version: 1, weight: 90 }, { model: 'clf', version: 2, weight: 10 }] } } })).status).toBe(201);
    const total = 3_000;
    let second = 0;
    let sent = 0;
    // Sixteen clients at once, as a load balancer would send them.
    const client = async () => {
      while (sent < total) {
        sent += 1;
        const answer = await post(`${server.url}/v2/models/ninety-ten/infer`, oipBody);
        expect(answer.status).toBe(200);
        if (answer.body.model_version === '2') second += 1;
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    // 10 % of 3,000: the standard deviation is about 16; ±80 is five of them.
    expect(Math.abs(second - 300)).toBeLessThan(80);
  }, 60_000);

  it('follows its alias: moving the alias switches the answering version without a restart', async () => {
    const before = await post(`${server.url}/v2/models/follower/infer`, oipBody);
    expect(before.body.model_version).toBe('1');
    await call('setModelAlias', { params: { name: 'clf', alias: 'champion' }, body: { version: 2 } });
    // The alias is looked up again within a second (lookups are cached briefly), then the new version
    // answers once it has loaded and warmed; a busy CI machine may take seconds for that, so wait up to 30.
    let after = await post(`${server.url}/v2/models/follower/infer`, oipBody);
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && after.body.model_version !== '2'; ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      after = await post(`${server.url}/v2/models/follower/infer`, oipBody);
    }
    expect(after.body.model_version).toBe('2');
    expectClose(after.body.outputs[0].data, expected(2).flat());
  });
});

describe.each(backends)('inference access on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let admin: Record<string, string>;
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

  beforeAll(async () => {
    server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password' });
    call = nativeApi(server.url);
    admin = basic('admin', 'admin-password');
    await call('createUser', { headers: admin, body: { name: 'vic', password: 'vic-password' } });
    await call('createProject', { headers: admin, body: { name: 'other' } });
    await call('setMember', { headers: admin, params: { project: 'other', user: 'vic' }, body: { role: 'viewer' } });
    await registerClassifier(server.url, call, 'secured', admin);
    expect((await call('createDeployment', { headers: admin, body: { name: 'guarded', spec: { versions: [{ model: 'secured', version: 1 }] } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lets a reader of the project call and refuses a viewer of another project', async () => {
    expect((await post(`${server.url}/v2/models/guarded/infer`, oipBody, admin)).status).toBe(200);
    const refused = await post(`${server.url}/v2/models/guarded/infer`, oipBody, basic('vic', 'vic-password'));
    expect(refused.status).toBe(403);
    expect(typeof refused.body.error).toBe('string');
    expect((await post(`${server.url}/deployments/guarded/invocations`, { inputs: rows }, basic('vic', 'vic-password'))).status).toBe(403);
    expect((await post(`${server.url}/v2/models/guarded/infer`, oipBody)).status).toBe(401);
    // Probes need no credentials.
    expect((await fetch(`${server.url}/v2/health/live`)).status).toBe(200);
  });
});
