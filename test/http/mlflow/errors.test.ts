import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptJsonBodies } from '../../../src/http/routes/mlflow/json-body.js';
import { requestFields } from '../../../src/http/routes/mlflow/request-fields.js';
import { sendError } from '../../../src/http/server.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { mlflowHttp, type MlflowHttp } from './mlflow-http.js';

describe.each(backends)('MLflow error responses (%s)', (backend) => {
  let server: TestServer;
  let api: MlflowHttp;
  let runId: string;
  beforeAll(async () => {
    server = await startTestServer({ backend });
    api = mlflowHttp(server.url);
    runId = (await api.post('runs/create', {})).body.run.info.run_id;
  });
  afterAll(() => server.close());

  const expectInvalid = (response: { status: number; body: { error_code?: string; message?: string } }, mentions: string) => {
    expect(response.status).toBe(400);
    expect(response.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(response.body.message).toContain(mentions);
  };

  it('answers malformed JSON with 400 INVALID_PARAMETER_VALUE', async () => {
    expectInvalid(await api.raw('POST', 'runs/log-metric', '{"run_id": ', { 'content-type': 'application/json' }), 'Malformed JSON');
    expectInvalid(await api.raw('POST', 'runs/log-metric', '[1, 2]', { 'content-type': 'application/json' }), 'JSON object');
  });

  it("accepts the bare NaN and Infinity tokens Python's json module writes", async () => {
    const body = `{"run_id": "${runId}", "metrics": [{"key": "bare", "value": NaN, "timestamp": 1, "step": 0}, {"key": "bare", "value": -Infinity, "timestamp": 1, "step": 1}], "tags": [{"key": "t", "value": "NaN stays text"}]}`;
    expect(await api.raw('POST', 'runs/log-batch', body, { 'content-type': 'application/json' })).toEqual({ status: 200, body: {} });
    const history = await api.get('metrics/get-history', { run_id: runId, metric_key: 'bare' });
    expect(history.body.metrics.map((m: { value: unknown }) => m.value)).toEqual(['NaN', '-Infinity']);
    const run = await api.get('runs/get', { run_id: runId });
    expect(run.body.run.data.tags).toContainEqual({ key: 't', value: 'NaN stays text' });
  });

  it('reads a JSON body whatever the content type', async () => {
    const body = JSON.stringify({ run_id: runId, key: 'plain', value: 1, timestamp: 1 });
    expect(await api.raw('POST', 'runs/log-metric', body, { 'content-type': 'text/plain' })).toEqual({ status: 200, body: {} });
    expect(await api.raw('POST', 'runs/log-metric', body, {})).toEqual({ status: 200, body: {} });
  });

  it('names the field with the wrong type', async () => {
    expectInvalid(await api.post('runs/log-metric', { run_id: runId, key: 5, value: 1, timestamp: 1 }), "'key'");
    expectInvalid(await api.post('runs/log-metric', { run_id: runId, key: 'k', value: 'high', timestamp: 1 }), "'value'");
    expectInvalid(await api.post('runs/log-metric', { run_id: runId, key: 'k', value: 1, timestamp: 1.5 }), "'timestamp'");
    expectInvalid(await api.post('runs/log-batch', { run_id: runId, metrics: [{ key: 'k', value: 1, timestamp: 'soon' }] }), 'metrics[0].timestamp');
    expectInvalid(await api.post('runs/log-batch', { run_id: runId, metrics: [{ key: 'k', value: 'constructor', timestamp: 1 }] }), 'metrics[0].value');
    expectInvalid(await api.post('runs/log-batch', { run_id: runId, metrics: [{ key: 'k', value: 1 }] }), 'metrics[0].timestamp');
    expectInvalid(await api.post('runs/update', { run_id: runId, status: 'SLEEPING' }), "'status'");
  });

  it('names a missing required field', async () => {
    expectInvalid(await api.post('runs/log-metric', { run_id: runId, value: 1, timestamp: 1 }), "'key'");
    expectInvalid(await api.post('runs/log-parameter', { key: 'k', value: 'v' }), "'run_id'");
    expectInvalid(await api.get('experiments/get'), "'experiment_id'");
  });

  it('rejects too-long and malformed keys and values', async () => {
    expectInvalid(await api.post('runs/log-metric', { run_id: runId, key: 'k'.repeat(251), value: 1, timestamp: 1 }), 'key');
    expectInvalid(await api.post('runs/log-parameter', { run_id: runId, key: 'p', value: 'v'.repeat(6001) }), 'value');
    expectInvalid(await api.post('runs/set-tag', { run_id: runId, key: '../escape', value: 'v' }), 'key');
    expectInvalid(await api.post('runs/log-metric', { run_id: runId, key: 'neg', value: 1, timestamp: -5 }), 'timestamp');
  });

  it('answers unknown endpoints under /api with 404 ENDPOINT_NOT_FOUND JSON', async () => {
    const response = await api.get('runs/frobnicate');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND', message: expect.stringContaining('runs/frobnicate') });
    const wrongMethod = await api.raw('DELETE', 'runs/log-metric', '{}', { 'content-type': 'application/json' });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.error_code).toBe('ENDPOINT_NOT_FOUND');
  });

  it('answers an unknown run with 404 RESOURCE_DOES_NOT_EXIST on writes too', async () => {
    const response = await api.post('runs/log-metric', { run_id: 'ffffffffffffffffffffffffffffffff', key: 'k', value: 1, timestamp: 1 });
    expect(response.status).toBe(404);
    expect(response.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('ignores unknown request fields, as proto3-JSON parsing does', async () => {
    expect(await api.post('runs/log-metric', { run_id: runId, key: 'extra', value: 1, timestamp: 1, model_id: 'x' })).toEqual({ status: 200, body: {} });
  });
});

describe('MLflow JSON bodies on DELETE', () => {
  const app = Fastify();
  beforeAll(async () => {
    app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
    await app.register(
      async (scope) => {
        acceptJsonBodies(scope);
        scope.delete('/probe', async (request) => ({ received: requestFields(request) }));
      },
      { prefix: '/api/2.0/mlflow' },
    );
  });
  afterAll(() => app.close());

  it('reads the JSON body of a DELETE request', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/2.0/mlflow/probe', payload: '{"name": "m", "version": "3"}', headers: { 'content-type': 'application/json' } });
    expect(response.json()).toEqual({ received: { name: 'm', version: '3' } });
  });

  it('falls back to query parameters when a DELETE has no body', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/2.0/mlflow/probe?name=m' });
    expect(response.json()).toEqual({ received: { name: 'm' } });
  });

  it('answers a malformed DELETE body in MLflow format', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/2.0/mlflow/probe', payload: '{oops', headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });
});
