import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { completeCard, proxied, startAlphaProject, userOf, uploadVersion, type AlphaProject } from './access-fixture.js';

const mlflow = '/api/2.0/mlflow';

describe.each(backends)('uploaded files and recorded names with authentication on (%s)', (backend) => {
  let p: AlphaProject;
  beforeAll(async () => {
    p = await startAlphaProject(backend);
    // Project beta, where the outsider of alpha contributes.
    await p.admin.ok('POST', '/api/v1/projects', { name: 'beta' });
    await p.admin.ok('PUT', `/api/v1/projects/beta/members/${userOf('outsider')}`, { role: 'contributor' });
    await p.admin.ok('POST', '/api/v1/models', { name: 'beta-model', project: 'beta' });
  }, 120_000);
  afterAll(async () => {
    await p?.server.close();
  });

  it("serves an uploaded version's files over the proxied artifact API to readers of the model's project", async () => {
    const file = await p.as.viewer.call('GET', proxied(`${p.uploaded.folder}/model.txt`));
    expect(file).toEqual({ status: 200, body: 'weights' });
    const refused = await p.as.outsider.call('GET', proxied(`${p.uploaded.folder}/model.txt`));
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toBe(
      `user '${userOf('outsider')}' needs role viewer or higher in project 'alpha' to read artifact ${p.uploaded.folder}/model.txt of registered model '${p.model}' (has no role there)`,
    );
  });

  it('keeps uploaded files read-only on the proxied artifact API and says where uploads go', async () => {
    const answer = await p.admin.call('PUT', proxied(`${p.uploaded.folder}/model.txt`), undefined, 'swapped');
    expect(answer.status).toBe(403);
    expect((answer.body as { message: string }).message).toContain('PUT /api/v1/models/{name}/versions/{version}/files/content');
    expect(await p.as.viewer.call('GET', proxied(`${p.uploaded.folder}/model.txt`))).toEqual({ status: 200, body: 'weights' });
  });

  it('refuses to register a version from files the caller cannot read, and allows a source that holds no file', async () => {
    const register = (source: string) => p.as.outsider.call('POST', `${mlflow}/model-versions/create`, { name: 'beta-model', source });
    for (const source of [`mlflow-artifacts:/${p.uploaded.folder}`, `mlflow-artifacts:/${p.experimentId}/${p.runId}/artifacts`]) {
      const refused = await register(source);
      expect(refused.status, source).toBe(403);
      expect((refused.body as { error_code: string }).error_code).toBe('PERMISSION_DENIED');
    }
    expect((await register('mlflow-artifacts:/elsewhere/model')).status).toBe(200);
    const versions = await p.admin.ok<{ versions: unknown[] }>('GET', '/api/v1/models/beta-model');
    expect(versions.versions).toHaveLength(1);
  });

  it('leaves an upload folder with the model it was uploaded to when another model registers a version from it', async () => {
    const folder = (await uploadVersion(p.admin, 'beta-model')).folder;
    await p.admin.ok('POST', `${mlflow}/model-versions/create`, { name: p.model, source: `mlflow-artifacts:/${folder}` });
    expect((await p.as.viewer.call('GET', proxied(`${folder}/model.txt`))).status).toBe(403);
    expect((await p.as.outsider.call('GET', proxied(`${folder}/model.txt`))).status).toBe(200);
  });

  it('refuses an experiment whose artifact location lies among the upload folders', async () => {
    const answer = await p.admin.call('POST', `${mlflow}/experiments/create`, { name: 'squatter', artifact_location: `mlflow-artifacts:/${p.uploaded.folder}` });
    expect(answer.status).toBe(400);
    expect((answer.body as { error_code: string }).error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('records the signed-in caller as the user of runs and model versions, whatever the request says', async () => {
    const as = p.as.contributor;
    const claimed = 'someone-else';
    const mlflowRun = await as.ok<{ run: { info: { user_id: string } } }>('POST', `${mlflow}/runs/create`, {
      experiment_id: p.experimentId,
      user_id: claimed,
      tags: [{ key: 'mlflow.user', value: claimed }],
    });
    expect(mlflowRun.run.info.user_id).toBe(userOf('contributor'));
    const nativeRun = await as.ok<{ run: { info: { userId: string } } }>('POST', '/api/v1/runs', { experimentId: p.experimentId, userId: claimed });
    expect(nativeRun.run.info.userId).toBe(userOf('contributor'));

    const mlflowVersion = await as.ok<{ model_version: { user_id: string } }>('POST', `${mlflow}/model-versions/create`, {
      name: p.model,
      source: `runs:/${p.runId}/model`,
    });
    expect(mlflowVersion.model_version.user_id).toBe(userOf('contributor'));
    const nativeVersion = await as.ok<{ version: { userId: string } }>('POST', `/api/v1/models/${p.model}/versions`, { source: `runs:/${p.runId}/model` });
    expect(nativeVersion.version.userId).toBe(userOf('contributor'));
    const uploaded = await as.ok<{ version: { userId: string } }>('POST', `/api/v1/models/${p.model}/versions`, { upload: true });
    expect(uploaded.version.userId).toBe(userOf('contributor'));
  });

  it('records the signed-in caller as the last editor of a model card and ignores a claimed updatedBy', async () => {
    const card = `/api/v1/models/${p.promoModel}/card`;
    const put = await p.as.contributor.ok<{ card: { updatedBy: string } }>('PUT', card, { ...completeCard, updatedBy: 'mallory' });
    expect(put.card.updatedBy).toBe(userOf('contributor'));
    const filled = await p.as.approver.ok<{ card: { updatedBy: string } }>('POST', `${card}/evaluation`, { version: 1, updatedBy: 'mallory' });
    expect(filled.card.updatedBy).toBe(userOf('approver'));
  });
});
