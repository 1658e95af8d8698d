import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { mlflowHttp, type MlflowHttp } from './mlflow-http.js';

describe.each(backends)('MLflow metric logging and history (%s)', (backend) => {
  let server: TestServer;
  let api: MlflowHttp;
  let runId: string;
  beforeAll(async () => {
    server = await startTestServer({ backend });
    api = mlflowHttp(server.url);
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    runId = (await api.post('runs/create', { experiment_id: '0' })).body.run.info.run_id;
  });

  it('accepts NaN and ±Infinity as strings and returns them as strings', async () => {
    for (const [step, value] of [[0, 'NaN'], [1, 'Infinity'], [2, '-Infinity'], [3, 1.5]] as const) {
      expect(await api.post('runs/log-metric', { run_id: runId, key: 'odd', value, timestamp: 10, step })).toEqual({ status: 200, body: {} });
    }
    const history = await api.get('metrics/get-history', { run_id: runId, metric_key: 'odd' });
    expect(history.body.metrics.map((m: { value: unknown }) => m.value)).toEqual(['NaN', 'Infinity', '-Infinity', 1.5]);
    const run = (await api.get('runs/get', { run_id: runId })).body.run;
    expect(run.data.metrics).toEqual([{ key: 'odd', value: 1.5, timestamp: 10, step: 3 }]);
  });

  it('accepts int64 fields as numeric strings and answers with numbers', async () => {
    await api.post('runs/log-metric', { run_id: runId, key: 'm', value: '0.25', timestamp: '1700000000123', step: '7' });
    const history = await api.get('metrics/get-history', { run_id: runId, metric_key: 'm' });
    expect(history.body).toEqual({ metrics: [{ key: 'm', value: 0.25, timestamp: 1700000000123, step: 7 }] });
  });

  it('accepts a log-batch that leaves out metrics, as log_params sends it', async () => {
    expect(await api.post('runs/log-batch', { run_id: runId, params: [{ key: 'depth', value: '3' }] })).toEqual({ status: 200, body: {} });
    const run = (await api.get('runs/get', { run_id: runId })).body.run;
    expect(run.data.params).toEqual([{ key: 'depth', value: '3' }]);
  });

  it('defaults step to 0', async () => {
    await api.post('runs/log-metric', { run_id: runId, key: 'nostep', value: 1, timestamp: 5 });
    expect((await api.get('metrics/get-history', { run_id: runId, metric_key: 'nostep' })).body.metrics[0].step).toBe(0);
  });

  it('pages get-history when max_results is sent and loops to the end', async () => {
    const metrics = Array.from({ length: 7 }, (_, i) => ({ key: 'loss', value: 1 / (i + 1), timestamp: 100 + i, step: i }));
    expect(await api.post('runs/log-batch', { run_id: runId, metrics })).toEqual({ status: 200, body: {} });
    const steps: number[] = [];
    let token: string | undefined;
    do {
      const page = await api.get('metrics/get-history', { run_id: runId, metric_key: 'loss', max_results: 3, ...(token ? { page_token: token } : {}) });
      expect(page.status).toBe(200);
      steps.push(...page.body.metrics.map((m: { step: number }) => m.step));
      token = page.body.next_page_token;
    } while (token);
    expect(steps).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('answers get-history with {} when there are no points, and ends paging on an exact last page', async () => {
    expect(await api.get('metrics/get-history', { run_id: runId, metric_key: 'never' })).toEqual({ status: 200, body: {} });
    const metrics = [0, 1, 2, 3].map((step) => ({ key: 'even', value: step, timestamp: 1, step }));
    await api.post('runs/log-batch', { run_id: runId, metrics });
    const first = await api.get('metrics/get-history', { run_id: runId, metric_key: 'even', max_results: 2 });
    expect(first.body.metrics.map((m: { step: number }) => m.step)).toEqual([0, 1]);
    const second = await api.get('metrics/get-history', { run_id: runId, metric_key: 'even', max_results: 2, page_token: first.body.next_page_token });
    expect(second.body).toEqual({ metrics: metrics.slice(2) });
  });

  it('sends back doubles and int64 fields exactly as logged', async () => {
    const values = [0.1 + 0.2, 1e-300, 5e-324, Number.MAX_VALUE, 1 / 3, 2 ** 53 + 2];
    const metrics = values.map((value, i) => ({ key: 'exact', value, timestamp: Number.MAX_SAFE_INTEGER - i, step: Number.MAX_SAFE_INTEGER - 10 + i }));
    await api.post('runs/log-batch', { run_id: runId, metrics });
    const history = await api.get('metrics/get-history', { run_id: runId, metric_key: 'exact' });
    expect(history.body).toEqual({ metrics });
  });

  it('answers get-history-bulk-interval for repeated run_ids query keys, with run_id on each point', async () => {
    const other = (await api.post('runs/create', { experiment_id: '0' })).body.run.info.run_id;
    for (const id of [runId, other]) {
      await api.post('runs/log-batch', { run_id: id, metrics: [0, 1, 2].map((step) => ({ key: 'acc', value: step, timestamp: 1, step })) });
    }
    const response = await api.get('metrics/get-history-bulk-interval', { run_ids: [runId, other], metric_key: 'acc', start_step: 1, end_step: 2, max_results: 10 });
    expect(response.status).toBe(200);
    expect(response.body.metrics).toHaveLength(4);
    expect(response.body.metrics[0]).toEqual({ key: 'acc', value: expect.any(Number), timestamp: 1, step: expect.any(Number), run_id: expect.any(String) });
    expect(new Set(response.body.metrics.map((m: { run_id: string }) => m.run_id))).toEqual(new Set([runId, other]));
    const tooMany = await api.get('metrics/get-history-bulk-interval', { run_ids: [runId], metric_key: 'acc', max_results: 2501 });
    expect(tooMany.status).toBe(400);
  });

  it('logs a batch of metrics, params and tags', async () => {
    const body = {
      run_id: runId,
      metrics: [{ key: 'a', value: 1, timestamp: 1, step: 0 }],
      params: [{ key: 'p', value: 'x' }],
      tags: [{ key: 't', value: 'y' }],
    };
    expect(await api.post('runs/log-batch', body)).toEqual({ status: 200, body: {} });
    const run = (await api.get('runs/get', { run_id: runId })).body.run;
    expect(run.data.metrics).toEqual([{ key: 'a', value: 1, timestamp: 1, step: 0 }]);
    expect(run.data.params).toEqual([{ key: 'p', value: 'x' }]);
    expect(run.data.tags).toContainEqual({ key: 't', value: 'y' });
  });

  it('rejects too many batch items, naming the limit, and keeps nothing', async () => {
    const metrics = Array.from({ length: 1001 }, (_, i) => ({ key: `k${i}`, value: i, timestamp: 1 }));
    const response = await api.post('runs/log-batch', { run_id: runId, metrics });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('1000') });
    const params = Array.from({ length: 101 }, (_, i) => ({ key: `p${i}`, value: 'v' }));
    expect((await api.post('runs/log-batch', { run_id: runId, params })).status).toBe(400);
    expect((await api.get('runs/get', { run_id: runId })).body.run.data).toEqual({ tags: expect.any(Array) });
  });

  it('rejects a log-batch body over 1,000,000 bytes with 400 and writes nothing', async () => {
    const metrics = Array.from({ length: 1000 }, (_, i) => ({ key: `${'k'.repeat(200)}${i}`, value: i, timestamp: 1, step: 0 }));
    const body = JSON.stringify({ run_id: runId, metrics, tags: [{ key: 'pad', value: 'x'.repeat(800_000) }] });
    expect(body.length).toBeGreaterThan(1_000_000);
    const response = await api.raw('POST', 'runs/log-batch', body, { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('1000000') });
    expect((await api.get('runs/get', { run_id: runId })).body.run.data.metrics).toBeUndefined();
  });

  it('rejects a batch whose last item is invalid and keeps the valid ones out too', async () => {
    const response = await api.post('runs/log-batch', {
      run_id: runId,
      metrics: [{ key: 'fine', value: 1, timestamp: 1 }],
      params: [{ key: 'ok', value: '1' }],
      tags: [{ key: 't', value: 'v'.repeat(8001) }],
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('tags[0].value');
    const data = (await api.get('runs/get', { run_id: runId })).body.run.data;
    expect(data.metrics).toBeUndefined();
    expect(data.params).toBeUndefined();
  });
});
