import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { mlflowHttp, type MlflowHttp } from './mlflow-http.js';

describe.each(backends)('MLflow experiment endpoints (%s)', (backend) => {
  let server: TestServer;
  let api: MlflowHttp;
  beforeAll(async () => {
    server = await startTestServer({ backend });
    api = mlflowHttp(server.url);
  });
  afterAll(() => server.close());

  it('creates an experiment and answers get with the proto3-JSON shape', async () => {
    const created = await api.post('experiments/create', { name: 'shape', tags: [{ key: 'team', value: 'a' }] });
    expect(created).toEqual({ status: 200, body: { experiment_id: expect.stringMatching(/^\d+$/) } });
    const id = created.body.experiment_id as string;
    const got = await api.get('experiments/get', { experiment_id: id });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      experiment: {
        experiment_id: id,
        name: 'shape',
        artifact_location: `mlflow-artifacts:/${id}`,
        lifecycle_stage: 'active',
        creation_time: expect.any(Number),
        last_update_time: expect.any(Number),
        tags: [{ key: 'team', value: 'a' }],
      },
    });
  });

  it('answers get-by-name for a missing name with 404 RESOURCE_DOES_NOT_EXIST', async () => {
    const missing = await api.get('experiments/get-by-name', { experiment_name: 'nobody' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: expect.any(String) });
  });

  it('answers a duplicate name with 400 RESOURCE_ALREADY_EXISTS', async () => {
    await api.post('experiments/create', { name: 'twice' });
    const again = await api.post('experiments/create', { name: 'twice' });
    expect(again.status).toBe(400);
    expect(again.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('renames, deletes and restores; renaming a deleted experiment is INVALID_STATE', async () => {
    const { body } = await api.post('experiments/create', { name: 'life' });
    const id = body.experiment_id as string;
    expect(await api.post('experiments/update', { experiment_id: id, new_name: 'life-2' })).toEqual({ status: 200, body: {} });
    expect(await api.post('experiments/delete', { experiment_id: id })).toEqual({ status: 200, body: {} });
    expect((await api.get('experiments/get', { experiment_id: id })).body.experiment.lifecycle_stage).toBe('deleted');
    const rename = await api.post('experiments/update', { experiment_id: id, new_name: 'life-3' });
    expect(rename.status).toBe(400);
    expect(rename.body.error_code).toBe('INVALID_STATE');
    expect(await api.post('experiments/restore', { experiment_id: id })).toEqual({ status: 200, body: {} });
    expect((await api.get('experiments/get-by-name', { experiment_name: 'life-2' })).body.experiment.lifecycle_stage).toBe('active');
  });

  it('sets and deletes experiment tags', async () => {
    const id = (await api.post('experiments/create', { name: 'tagged' })).body.experiment_id as string;
    expect(await api.post('experiments/set-experiment-tag', { experiment_id: id, key: 'k', value: 'v' })).toEqual({ status: 200, body: {} });
    expect((await api.get('experiments/get', { experiment_id: id })).body.experiment.tags).toEqual([{ key: 'k', value: 'v' }]);
    expect(await api.post('experiments/delete-experiment-tag', { experiment_id: id, key: 'k' })).toEqual({ status: 200, body: {} });
    expect((await api.get('experiments/get', { experiment_id: id })).body.experiment.tags).toBeUndefined();
  });

  it('pages experiments/search over POST and GET and leaves next_page_token out on the last page', async () => {
    for (const name of ['s-a', 's-b', 's-c']) await api.post('experiments/create', { name });
    const request = { filter: "name LIKE 's-%'", order_by: ['name ASC'], max_results: 2 };
    const first = await api.post('experiments/search', request);
    expect(first.status).toBe(200);
    expect(first.body.experiments.map((e: { name: string }) => e.name)).toEqual(['s-a', 's-b']);
    expect(first.body.next_page_token).toEqual(expect.any(String));
    const second = await api.get('experiments/search', { ...request, max_results: '2', page_token: first.body.next_page_token });
    expect(second.body.experiments.map((e: { name: string }) => e.name)).toEqual(['s-c']);
    expect(second.body).not.toHaveProperty('next_page_token');
  });

  it('filters experiments/search by view_type given as a name', async () => {
    const id = (await api.post('experiments/create', { name: 'gone-exp' })).body.experiment_id as string;
    await api.post('experiments/delete', { experiment_id: id });
    const deleted = await api.post('experiments/search', { view_type: 'DELETED_ONLY', filter: "name = 'gone-exp'" });
    expect(deleted.body.experiments).toHaveLength(1);
    const active = await api.post('experiments/search', { view_type: 'ACTIVE_ONLY', filter: "name = 'gone-exp'" });
    expect(active.body).toEqual({});
  });

  it('rejects max_results of 0 and a bad filter with INVALID_PARAMETER_VALUE', async () => {
    for (const body of [{ max_results: 0 }, { max_results: 50001 }, { filter: 'name ~ 3' }]) {
      const response = await api.post('experiments/search', body);
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('serves the same routes under /ajax-api/2.0/mlflow', async () => {
    const ajax = mlflowHttp(server.url, '/ajax-api/2.0/mlflow');
    const response = await ajax.get('experiments/get', { experiment_id: '0' });
    expect(response.status).toBe(200);
    expect(response.body.experiment.name).toBe('Default');
  });
});
