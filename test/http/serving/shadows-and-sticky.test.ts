import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { expectClose } from '../../runtime/onnx/hand-math.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { expected, post, registerClassifier, rows } from './serving-fixtures.js';

const body = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };

describe.each(backends)('shadows and sticky routing over HTTP on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  /** A prediction reaches the log once its shadows are done: flush until it is there. */
  async function logged(id: string) {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await server.app.predictionLog.flush();
      const answer = await call('getPrediction', { params: { id } });
      if (answer.status === 200) return answer.body.prediction;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`prediction ${id} never reached the log`);
  }

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false } });
    call = nativeApi(server.url);
    await registerClassifier(server.url, call, 'clf');
    const shadowed = { versions: [{ model: 'clf', version: 1 }], shadows: [{ model: 'clf', version: 2 }] };
    expect((await call('createDeployment', { body: { name: 'shadowed', spec: shadowed } })).status).toBe(201);
    const sticky = { versions: [{ model: 'clf', version: 1, weight: 50 }, { model: 'clf', version: 2, weight: 50 }], sticky: { source: 'header', name: 'X-User' } };
    expect((await call('createDeployment', { body: { name: 'sticky', spec: sticky } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('never returns a shadow’s answer, and logs it with the prediction', async () => {
    const answer = await post(`${server.url}/v2/models/shadowed/infer`, body);
    expect(answer.status).toBe(200);
    expect(answer.body.model_version).toBe('1');
    expect(answer.body.outputs).toHaveLength(1);
    expectClose(answer.body.outputs[0].data, expected(1).flat());
    expect(Object.keys(answer.body).sort()).toEqual(['model_name', 'model_version', 'outputs']);

    const prediction = await logged(answer.headers.get('x-prediction-id')!);
    expect(prediction).toMatchObject({ deployment: 'shadowed', model: 'clf', version: 1 });
    expect(prediction.shadows).toHaveLength(1);
    expect(prediction.shadows[0]).toMatchObject({ model: 'clf', version: 2, error: null });
    expectClose(prediction.shadows[0].outputs[0].data, expected(2).flat());
  });

  it('sends each caller key to one version every time, and the keys to both versions', async () => {
    const versionsByUser = new Map<string, Set<string>>();
    for (let round = 0; round < 2; round += 1) {
      for (let user = 0; user < 40; user += 1) {
        const answer = await post(`${server.url}/deployments/sticky/invocations`, { inputs: rows }, { 'x-user': `user-${user}` });
        expect(answer.status).toBe(200);
        const seen = versionsByUser.get(`user-${user}`) ?? new Set<string>();
        seen.add(answer.headers.get('x-model-version')!);
        versionsByUser.set(`user-${user}`, seen);
      }
    }
    expect([...versionsByUser.values()].every((seen) => seen.size === 1)).toBe(true);
    expect(new Set([...versionsByUser.values()].flatMap((seen) => [...seen]))).toEqual(new Set(['1', '2']));
  });
});
