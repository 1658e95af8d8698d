import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { mlflowHttp, type MlflowHttp } from './mlflow-http.js';

describe.each(backends)('MLflow run endpoints (%s)', (backend) => {
  let server: TestServer;
  let api: MlflowHttp;
  let experimentId: string;
  beforeAll(async () => {
    server = await startTestServer({ backend });
    api = mlflowHttp(server.url);
    experimentId = (await api.post('experiments/create', { name: 'runs' })).body.experiment_id;
  });
  afterAll(() => server.close());

  const createRun = async (extra: Record<string, unknown> = {}) => (await api.post('runs/create', { experiment_id: experimentId, ...extra })).body.run;

  it('creates a run: run_id and run_uuid both filled, status RUNNING, no end_time, name tag set', async () => {
    const response = await api.post('runs/create', { experiment_id: experimentId, run_name: 'first', start_time: '1700000000000', tags: [{ key: 'mlflow.user', value: 'ada' }] });
    expect(response.status).toBe(200);
    const { info, data } = response.body.run;
    expect(info).toEqual({
      run_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      run_uuid: info.run_id,
      run_name: 'first',
      experiment_id: experimentId,
      user_id: 'ada',
      status: 'RUNNING',
      start_time: 1700000000000,
      artifact_uri: `mlflow-artifacts:/${experimentId}/${info.run_id}/artifacts`,
      lifecycle_stage: 'active',
    });
    expect(data.tags).toEqual(expect.arrayContaining([{ key: 'mlflow.runName', value: 'first' }, { key: 'mlflow.user', value: 'ada' }]));
  });

  it('rejects a run_name that contradicts the mlflow.runName tag', async () => {
    const response = await api.post('runs/create', { experiment_id: experimentId, run_name: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] });
    expect(response.status).toBe(400);
    expect(response.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('gets a run by run_id or by run_uuid alone', async () => {
    const run = await createRun();
    expect((await api.get('runs/get', { run_id: run.info.run_id })).body.run.info.run_id).toBe(run.info.run_id);
    expect((await api.get('runs/get', { run_uuid: run.info.run_id })).body.run.info.run_id).toBe(run.info.run_id);
    const missing = await api.get('runs/get', { run_id: '0123456789abcdef0123456789abcdef' });
    expect(missing.status).toBe(404);
    expect(missing.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('ends a run with runs/update and returns run_info with end_time', async () => {
    const run = await createRun();
    const response = await api.post('runs/update', { run_id: run.info.run_id, run_uuid: run.info.run_id, status: 'FINISHED', end_time: run.info.start_time + 10 });
    expect(response.status).toBe(200);
    expect(response.body.run_info).toMatchObject({ run_id: run.info.run_id, status: 'FINISHED', end_time: run.info.start_time + 10 });
  });

  it('logs a param, a tag and deletes the tag', async () => {
    const id = (await createRun()).info.run_id;
    expect(await api.post('runs/log-parameter', { run_id: id, run_uuid: id, key: 'lr', value: '0.01' })).toEqual({ status: 200, body: {} });
    expect(await api.post('runs/set-tag', { run_id: id, key: 'stage', value: 'dev' })).toEqual({ status: 200, body: {} });
    let run = (await api.get('runs/get', { run_id: id })).body.run;
    expect(run.data.params).toEqual([{ key: 'lr', value: '0.01' }]);
    expect(run.data.tags).toContainEqual({ key: 'stage', value: 'dev' });
    expect(await api.post('runs/delete-tag', { run_id: id, key: 'stage' })).toEqual({ status: 200, body: {} });
    run = (await api.get('runs/get', { run_id: id })).body.run;
    expect(run.data.tags).not.toContainEqual({ key: 'stage', value: 'dev' });
  });

  it('refuses to change a logged param with INVALID_PARAMETER_VALUE', async () => {
    const id = (await createRun()).info.run_id;
    await api.post('runs/log-parameter', { run_id: id, key: 'p', value: '1' });
    const changed = await api.post('runs/log-parameter', { run_id: id, key: 'p', value: '2' });
    expect(changed.status).toBe(400);
    expect(changed.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('logs a model into mlflow.log-model.history and dataset inputs into inputs.dataset_inputs', async () => {
    const id = (await createRun()).info.run_id;
    const model = { artifact_path: 'model', flavors: { sklearn: {} }, utc_time_created: '2024-05-01 10:00:00.000000', run_id: id };
    expect(await api.post('runs/log-model', { run_id: id, model_json: JSON.stringify(model) })).toEqual({ status: 200, body: {} });
    const dataset = { name: 'iris', digest: 'd1', source_type: 'local', source: '{"uri": "/data/iris.csv"}', schema: '{}' };
    expect(await api.post('runs/log-inputs', { run_id: id, datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset }] })).toEqual({ status: 200, body: {} });
    const run = (await api.get('runs/get', { run_id: id })).body.run;
    const history = run.data.tags.find((t: { key: string }) => t.key === 'mlflow.log-model.history');
    expect(JSON.parse(history.value)).toEqual([model]);
    expect(run.inputs.dataset_inputs).toEqual([{ tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset }]);
  });

  it('deletes and restores a run; writes to a deleted run are INVALID_PARAMETER_VALUE', async () => {
    const id = (await createRun()).info.run_id;
    expect(await api.post('runs/delete', { run_id: id })).toEqual({ status: 200, body: {} });
    const write = await api.post('runs/log-metric', { run_id: id, key: 'm', value: 1, timestamp: 1 });
    expect(write.status).toBe(400);
    expect(write.body).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining("must be in the 'active' state") });
    expect(await api.post('runs/restore', { run_id: id })).toEqual({ status: 200, body: {} });
    expect((await api.post('runs/log-metric', { run_id: id, key: 'm', value: 1, timestamp: 1 })).status).toBe(200);
  });

  it('searches runs with a filter, order_by and page tokens', async () => {
    const exp = (await api.post('experiments/create', { name: 'search-runs' })).body.experiment_id;
    for (let i = 0; i < 5; i += 1) {
      const id = (await api.post('runs/create', { experiment_id: exp, run_name: `r${i}` })).body.run.info.run_id;
      await api.post('runs/log-batch', { run_id: id, metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }], params: [{ key: 'i', value: String(i) }] });
    }
    const request = { experiment_ids: [exp], filter: 'metrics.acc >= 0.1', order_by: ['metrics.acc DESC'], max_results: 3 };
    const first = await api.post('runs/search', request);
    expect(first.status).toBe(200);
    expect(first.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(['r4', 'r3', 'r2']);
    const second = await api.post('runs/search', { ...request, page_token: first.body.next_page_token });
    expect(second.body.runs.map((r: { info: { run_name: string } }) => r.info.run_name)).toEqual(['r1']);
    expect(second.body).not.toHaveProperty('next_page_token');
    const none = await api.post('runs/search', { ...request, filter: 'metrics.acc > 5' });
    expect(none).toEqual({ status: 200, body: {} });
  });

  it('rejects a runs/search page token from a different query and max_results above 50000', async () => {
    const first = await api.post('runs/search', { experiment_ids: [experimentId], max_results: 1 });
    const replay = await api.post('runs/search', { experiment_ids: [experimentId], max_results: 1, filter: "tags.x = 'y'", page_token: first.body.next_page_token });
    expect(replay.status).toBe(400);
    expect(replay.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    const tooMany = await api.post('runs/search', { experiment_ids: [experimentId], max_results: 50001 });
    expect(tooMany.status).toBe(400);
  });
});
