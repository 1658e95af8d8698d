import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { oipRequest, post, registerClassifier } from './serving-fixtures.js';

describe.each(backends)('serving metrics and live stats on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    // A prediction log queue of one that is never written on its own: its counts show on the stats route.
    server = await startTestServer({ backend, predictionLog: { capacity: 1, intervalMs: 3_600_000, retention: false } });
    call = nativeApi(server.url);
    await registerClassifier(server.url, call, 'clf');
    expect((await call('createDeployment', { body: { name: 'watched', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
    expect((await call('createDeployment', { body: { name: 'quiet', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await post(`${server.url}/v2/models/watched/infer`, oipRequest)).status).toBe(200);
    const refused = await post(`${server.url}/v2/models/watched/infer`, { inputs: [{ name: 'input', datatype: 'INT32', shape: [1, 4], data: [1, 2, 3, 4] }] });
    expect(refused.status).toBe(400);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('exposes request counts by status, latency and batch size per deployment and version on /metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('cairn_inference_requests_total{deployment="watched",model="clf",version="1",status="ok"} 3');
    expect(text).toContain('cairn_inference_requests_total{deployment="watched",model="clf",version="1",status="error"} 1');
    expect(text).toContain('cairn_inference_latency_seconds_count{deployment="watched",model="clf",version="1"} 4');
    expect(text).toMatch(/cairn_inference_batch_size_count\{deployment="watched",model="clf",version="1"\} [1-9]/);
    expect(text).not.toContain('deployment="quiet"');
  });

  it('answers the live per-second stats of a deployment', async () => {
    const answer = await call('getDeploymentStats', { params: { name: 'watched' }, query: { seconds: '600' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ deployment: 'watched', seconds: 600, predictionLog: { queued: 1 } });
    // Three answered predictions (every one logged by default) into a queue of one.
    expect(answer.body.predictionLog.dropped).toBeGreaterThanOrEqual(2);
    const points = answer.body.points as { time: number; requests: number; errors: number; p50Ms: number; p95Ms: number }[];
    expect(points.reduce((sum, p) => sum + p.requests, 0)).toBe(4);
    expect(points.reduce((sum, p) => sum + p.errors, 0)).toBe(1);
    expect(points.map((p) => p.time)).toEqual([...points.map((p) => p.time)].sort((a, b) => a - b));
    for (const point of points) {
      expect(point.time % 1000).toBe(0);
      expect(point.p95Ms).toBeGreaterThanOrEqual(point.p50Ms);
    }
  });

  it('answers no points for a deployment without traffic, and defaults to 300 seconds', async () => {
    const answer = await call('getDeploymentStats', { params: { name: 'quiet' } });
    expect(answer.body).toMatchObject({ deployment: 'quiet', seconds: 300, points: [] });
  });

  it('refuses a window outside 1..600 seconds and an unknown deployment', async () => {
    for (const seconds of ['0', '601', 'many']) {
      const answer = await call('getDeploymentStats', { params: { name: 'watched' }, query: { seconds } });
      expect(answer.status, seconds).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
    }
    const missing = await call('getDeploymentStats', { params: { name: 'nowhere' } });
    expect(missing.status).toBe(404);
  });
});
