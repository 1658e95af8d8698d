import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('HTTP server basics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
  });
  afterAll(() => server.close());

  it('answers /health and /version with JSON', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/version`)).json()).toEqual({ name: 'cairn', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('gives every response a request id, echoing the caller’s x-request-id', async () => {
    const generated = await fetch(`${server.url}/health`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${server.url}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
  });

  it('counts requests by route template and status in /metrics', async () => {
    await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=0`);
    await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=424242`);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/cairn_http_requests_total\{method="GET",route="\/api\/2\.0\/mlflow\/experiments\/get",status="200"\} 1/);
    expect(text).toMatch(/cairn_http_requests_total\{method="GET",route="\/api\/2\.0\/mlflow\/experiments\/get",status="404"\} 1/);
    expect(text).toContain('cairn_http_request_duration_seconds_bucket');
  });

  it('refuses to listen on a non-loopback address', async () => {
    const { createApp } = await import('../../src/app.js');
    const app = await createApp({ ...server.app.config, host: '0.0.0.0', port: 0 }, { defaultMetrics: false });
    try {
      await expect(app.listen()).rejects.toThrow(/loopback/);
    } finally {
      await app.close();
    }
  });
});
