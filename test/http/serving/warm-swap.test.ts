import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { expectClose } from '../../runtime/onnx/hand-math.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { expected, post, registerClassifier, rows } from './serving-fixtures.js';

const body = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };

describe.each(backends)('a deployment following an alias on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    await registerClassifier(server.url, call, 'swapped');
    await call('setModelAlias', { params: { name: 'swapped', alias: 'champion' }, body: { version: 1 } });
    expect((await call('createDeployment', { body: { name: 'live', spec: { alias: { model: 'swapped', alias: 'champion' } } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers every request through a promotion, switching to the new version once it is loaded and warm', async () => {
    expect((await post(`${server.url}/v2/models/live/infer`, body)).body.model_version).toBe('1');
    const answers: { loop: number; status: number; version: string; outputs: number[] }[] = [];
    let stop = false;
    let afterSwitch = 0;
    // Eight clients send requests back to back until each has seen the new version answer a few times.
    const loops = Array.from({ length: 8 }, async (_, loop) => {
      for (let sent = 0; !stop && sent < 5_000; sent += 1) {
        const answer = await post(`${server.url}/v2/models/live/infer`, body);
        answers.push({ loop, status: answer.status, version: String(answer.body.model_version), outputs: answer.body.outputs?.[0]?.data ?? [] });
        if (answer.body.model_version === '2' && (afterSwitch += 1) >= 80) stop = true;
      }
    });
    while (answers.length < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await call('setModelAlias', { params: { name: 'swapped', alias: 'champion' }, body: { version: 2 } })).status).toBe(200);
    await Promise.all(loops);

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set(['1', '2']));
    for (const answer of answers) expectClose(answer.outputs, expected(Number(answer.version) as 1 | 2).flat());
    // Once a client has been answered by the new version, it is never answered by the old one again.
    for (let loop = 0; loop < 8; loop += 1) {
      const versions = answers.filter((a) => a.loop === loop).map((a) => a.version);
      const first = versions.indexOf('2');
      if (first >= 0) expect(versions.slice(first).every((v) => v === '2')).toBe(true);
    }
    expect(answers.at(-1)?.version).toBe('2');
  }, 120_000);
});
