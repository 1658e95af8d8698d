import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { mlflowHttp, type MlflowHttp } from './mlflow-http.js';
import { createRun, sendJson } from './registry-http.js';

describe.each(backends)('MLflow model registry endpoints (%s)', (backend) => {
  let server: TestServer;
  let api: MlflowHttp;
  beforeAll(async () => {
    server = await startTestServer({ backend });
    api = mlflowHttp(server.url);
  });
  afterAll(() => server.close());

  it('follows the log_model(registered_model_name=...) sequence', async () => {
    const { runId, artifactUri } = await createRun(api);
    const created = await api.post('registered-models/create', { name: 'fraud', tags: [{ key: 'team', value: 'risk' }] });
    expect(created.status).toBe(200);
    expect(created.body.registered_model).toEqual({
      name: 'fraud',
      creation_timestamp: expect.any(Number),
      last_updated_timestamp: expect.any(Number),
      tags: [{ key: 'team', value: 'risk' }],
    });
    const duplicate = await api.post('registered-models/create', { name: 'fraud' });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error_code).toBe('RESOURCE_ALREADY_EXISTS');

    const source = `${artifactUri}/model`;
    const version = await api.post('model-versions/create', { name: 'fraud', source, run_id: runId });
    expect(version.status).toBe(200);
    expect(version.body.model_version).toMatchObject({ name: 'fraud', version: '1', source, run_id: runId, status: 'READY', current_stage: 'None' });
    const got = await api.get('model-versions/get', { name: 'fraud', version: '1' });
    expect(got.body.model_version).toEqual(version.body.model_version);
    const uri = await api.get('model-versions/get-download-uri', { name: 'fraud', version: 1 });
    expect(uri.body).toEqual({ artifact_uri: source });
  });

  it('resolves a runs:/ source to the run artifact location for downloads', async () => {
    const { runId, artifactUri } = await createRun(api);
    await api.post('registered-models/create', { name: 'from-run' });
    const version = await api.post('model-versions/create', { name: 'from-run', source: `runs:/${runId}/model`, run_id: runId });
    expect(version.status).toBe(200);
    const uri = await api.get('model-versions/get-download-uri', { name: 'from-run', version: 1 });
    expect(uri.body).toEqual({ artifact_uri: `${artifactUri}/model` });
  });

  it('refuses a version whose run does not exist, and a source that is neither runs:/ nor mlflow-artifacts:/', async () => {
    await api.post('registered-models/create', { name: 'strict' });
    const missingRun = await api.post('model-versions/create', { name: 'strict', source: 'mlflow-artifacts:/0/x/artifacts/m', run_id: 'f'.repeat(32) });
    expect(missingRun.status).toBe(404);
    const local = await api.post('model-versions/create', { name: 'strict', source: '/etc/passwd' });
    expect(local.status).toBe(400);
    expect(local.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('answers unknown models and versions with 404 RESOURCE_DOES_NOT_EXIST', async () => {
    for (const response of [
      await api.get('registered-models/get', { name: 'ghost' }),
      await api.get('model-versions/get', { name: 'ghost', version: '1' }),
      await api.post('model-versions/create', { name: 'ghost', source: 'mlflow-artifacts:/x' }),
      await api.get('registered-models/alias', { name: 'ghost', alias: 'champion' }),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    }
  });

  it('sets, reads and deletes aliases, refusing reserved and malformed names', async () => {
    await api.post('registered-models/create', { name: 'aliased' });
    for (let i = 0; i < 2; i += 1) await api.post('model-versions/create', { name: 'aliased', source: 'mlflow-artifacts:/m' });
    expect((await api.post('registered-models/alias', { name: 'aliased', alias: 'champion', version: '2' })).status).toBe(200);
    const champion = await api.get('registered-models/alias', { name: 'aliased', alias: 'champion' });
    expect(champion.body.model_version).toMatchObject({ version: '2', aliases: ['champion'] });
    const model = await api.get('registered-models/get', { name: 'aliased' });
    expect(model.body.registered_model.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    for (const alias of ['latest', 'LATEST', 'v3', 'V12', 'has space', 'a'.repeat(256)]) {
      const refused = await api.post('registered-models/alias', { name: 'aliased', alias, version: '1' });
      expect(refused.status, alias).toBe(400);
      expect(refused.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect((await sendJson(api, 'DELETE', 'registered-models/alias', { name: 'aliased', alias: 'champion' })).status).toBe(200);
    expect((await api.get('registered-models/alias', { name: 'aliased', alias: 'champion' })).status).toBe(404);
  });

  it('transitions stages case-insensitively and archives the previous holder when asked', async () => {
    await api.post('registered-models/create', { name: 'staged' });
    for (let i = 0; i < 3; i += 1) await api.post('model-versions/create', { name: 'staged', source: 'mlflow-artifacts:/m' });
    const first = await api.post('model-versions/transition-stage', { name: 'staged', version: '1', stage: 'production', archive_existing_versions: false });
    expect(first.body.model_version.current_stage).toBe('Production');
    await api.post('model-versions/transition-stage', { name: 'staged', version: '2', stage: 'Production', archive_existing_versions: true });
    expect((await api.get('model-versions/get', { name: 'staged', version: '1' })).body.model_version.current_stage).toBe('Archived');
    const refused = await api.post('model-versions/transition-stage', { name: 'staged', version: '3', stage: 'Archived', archive_existing_versions: true });
    expect(refused.status).toBe(400);
    const badStage = await api.post('model-versions/transition-stage', { name: 'staged', version: '3', stage: 'Live', archive_existing_versions: false });
    expect(badStage.status).toBe(400);

    const all = await api.post('registered-models/get-latest-versions', { name: 'staged' });
    expect(all.body.model_versions.map((v: any) => [v.version, v.current_stage])).toEqual([
      ['1', 'Archived'],
      ['2', 'Production'],
      ['3', 'None'],
    ]);
    const production = await api.get('registered-models/get-latest-versions', { name: 'staged', stages: ['Production'] });
    expect(production.body.model_versions.map((v: any) => v.version)).toEqual(['2']);
    const staging = await api.post('registered-models/get-latest-versions', { name: 'staged', stages: ['staging'] });
    expect(staging.body).toEqual({});
  });

  it('never reuses a deleted version number and drops its aliases', async () => {
    await api.post('registered-models/create', { name: 'numbered' });
    for (let i = 0; i < 2; i += 1) await api.post('model-versions/create', { name: 'numbered', source: 'mlflow-artifacts:/m' });
    await api.post('registered-models/alias', { name: 'numbered', alias: 'best', version: 2 });
    expect((await sendJson(api, 'DELETE', 'model-versions/delete', { name: 'numbered', version: '2' })).status).toBe(200);
    expect((await api.get('model-versions/get', { name: 'numbered', version: '2' })).status).toBe(404);
    expect((await api.get('registered-models/alias', { name: 'numbered', alias: 'best' })).status).toBe(404);
    const next = await api.post('model-versions/create', { name: 'numbered', source: 'mlflow-artifacts:/m' });
    expect(next.body.model_version.version).toBe('3');
  });

  it('updates descriptions with PATCH, renames, sets and deletes tags, and deletes a model', async () => {
    await api.post('registered-models/create', { name: 'editable' });
    await api.post('model-versions/create', { name: 'editable', source: 'mlflow-artifacts:/m' });
    const updated = await sendJson(api, 'PATCH', 'registered-models/update', { name: 'editable', description: 'scores payments' });
    expect(updated.body.registered_model.description).toBe('scores payments');
    const version = await sendJson(api, 'PATCH', 'model-versions/update', { name: 'editable', version: '1', description: 'first' });
    expect(version.body.model_version.description).toBe('first');
    await api.post('model-versions/set-tag', { name: 'editable', version: '1', key: 'k', value: 'v' });
    await api.post('registered-models/set-tag', { name: 'editable', key: 'k', value: 'v' });
    expect((await api.post('registered-models/set-tag', { name: 'editable', key: 'k', value: 'x'.repeat(5001) })).status).toBe(400);
    const renamed = await api.post('registered-models/rename', { name: 'editable', new_name: 'edited' });
    expect(renamed.body.registered_model).toMatchObject({ name: 'edited', tags: [{ key: 'k', value: 'v' }] });
    expect((await api.get('model-versions/get', { name: 'edited', version: 1 })).body.model_version.tags).toEqual([{ key: 'k', value: 'v' }]);
    await sendJson(api, 'DELETE', 'model-versions/delete-tag', { name: 'edited', version: '1', key: 'k' });
    await sendJson(api, 'DELETE', 'registered-models/delete-tag', { name: 'edited', key: 'k' });
    expect((await api.get('registered-models/get', { name: 'edited' })).body.registered_model.tags).toBeUndefined();
    expect((await sendJson(api, 'DELETE', 'registered-models/delete', { name: 'edited' })).status).toBe(200);
    expect((await api.get('registered-models/get', { name: 'edited' })).status).toBe(404);
  });

  it('serves the same routes under /ajax-api', async () => {
    const ajax = mlflowHttp(server.url, '/ajax-api/2.0/mlflow');
    expect((await ajax.post('registered-models/create', { name: 'via-ajax' })).status).toBe(200);
  });
});
