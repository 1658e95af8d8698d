import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

describe.each(backends)('native registry edits on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
  });
  afterAll(() => server.close());

  async function modelWithVersions(name: string, versions: number): Promise<void> {
    await call('createModel', { body: { name } });
    for (let i = 0; i < versions; i += 1) await call('createModelVersion', { params: { name }, body: { source: `mlflow-artifacts:/elsewhere/${name}/${i}` } });
  }

  it('updates a description, renames a model, and keeps its versions and aliases under the new name', async () => {
    await modelWithVersions('old-name', 1);
    await call('setModelAlias', { params: { name: 'old-name', alias: 'champion' }, body: { version: 1 } });
    const updated = await call('updateModel', { params: { name: 'old-name' }, body: { description: 'scores fraud', newName: 'new-name' } });
    expect(updated.body.model).toMatchObject({ name: 'new-name', description: 'scores fraud', aliases: [{ alias: 'champion', version: 1 }] });
    expect((await call('getModel', { params: { name: 'old-name' } })).body.error.code).toBe('NOT_FOUND');
    const described = await call('updateModel', { params: { name: 'new-name' }, body: { description: 'v2 text' } });
    expect(described.body.model.description).toBe('v2 text');

    const audit = await call('listAuditEvents', { query: { resourceType: 'model', resourceId: 'new-name' } });
    expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['model.rename', 'model.update']));
  });

  it('refuses a rename onto a taken name without changing the description, and an empty update', async () => {
    await modelWithVersions('taken-a', 0);
    await call('createModel', { body: { name: 'taken-b', description: 'keep me' } });
    const clash = await call('updateModel', { params: { name: 'taken-b' }, body: { description: 'changed', newName: 'taken-a' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('ALREADY_EXISTS');
    expect((await call('getModel', { params: { name: 'taken-b' } })).body.model.description).toBe('keep me');
    const empty = await call('updateModel', { params: { name: 'taken-b' }, body: {} });
    expect(empty.body.error.code).toBe('INVALID_ARGUMENT');
    const unknownField = await call('updateModel', { params: { name: 'taken-b' }, body: { nam: 'x' } });
    expect(unknownField.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('sets and deletes model tags, keys with dots and slashes included', async () => {
    await modelWithVersions('tagged', 0);
    await call('setModelTag', { params: { name: 'tagged', key: 'team' }, body: { value: 'risk' } });
    const set = await call('setModelTag', { params: { name: 'tagged', key: 'mlflow.note/owner' }, body: { value: 'ana' } });
    expect(set.body.model.tags).toEqual([
      { key: 'mlflow.note/owner', value: 'ana' },
      { key: 'team', value: 'risk' },
    ]);
    const removed = await call('deleteModelTag', { params: { name: 'tagged', key: 'team' } });
    expect(removed.body.model.tags).toEqual([{ key: 'mlflow.note/owner', value: 'ana' }]);
    expect((await call('deleteModelTag', { params: { name: 'tagged', key: 'never-set' } })).status).toBe(200);
    const tooLong = await call('setModelTag', { params: { name: 'tagged', key: 'big' }, body: { value: 'x'.repeat(5001) } });
    expect(tooLong.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('moves versions between stages, archiving the others on request, and edits descriptions', async () => {
    await modelWithVersions('staged', 3);
    await call('updateModelVersion', { params: { name: 'staged', version: '1' }, body: { stage: 'production' } });
    const second = await call('updateModelVersion', {
      params: { name: 'staged', version: '2' },
      body: { stage: 'Production', archiveExistingVersions: true, description: 'better recall' },
    });
    expect(second.body.version).toMatchObject({ currentStage: 'Production', description: 'better recall' });
    const first = await call('getModelVersion', { params: { name: 'staged', version: '1' } });
    expect(first.body.version.currentStage).toBe('Archived');
  });

  it('refuses a bad stage or archiving without a stage before writing anything', async () => {
    await modelWithVersions('bad-stage', 1);
    const bad = await call('updateModelVersion', { params: { name: 'bad-stage', version: '1' }, body: { stage: 'Prod', description: 'not written' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('Prod') });
    const archiveNone = await call('updateModelVersion', { params: { name: 'bad-stage', version: '1' }, body: { stage: 'None', archiveExistingVersions: true } });
    expect(archiveNone.body.error.code).toBe('INVALID_ARGUMENT');
    const noStage = await call('updateModelVersion', { params: { name: 'bad-stage', version: '1' }, body: { archiveExistingVersions: true } });
    expect(noStage.body.error.code).toBe('INVALID_ARGUMENT');
    expect((await call('getModelVersion', { params: { name: 'bad-stage', version: '1' } })).body.version).toMatchObject({ currentStage: 'None', description: '' });
  });

  it('sets and deletes version tags', async () => {
    await modelWithVersions('version-tags', 1);
    const set = await call('setModelVersionTag', { params: { name: 'version-tags', version: '1', key: 'validated' }, body: { value: 'yes' } });
    expect(set.body.version.tags).toEqual([{ key: 'validated', value: 'yes' }]);
    const removed = await call('deleteModelVersionTag', { params: { name: 'version-tags', version: '1', key: 'validated' } });
    expect(removed.body.version.tags).toEqual([]);
  });

  it('deletes a model with its versions and tags', async () => {
    await modelWithVersions('doomed', 2);
    await call('setModelVersionTag', { params: { name: 'doomed', version: '1', key: 'k' }, body: { value: 'v' } });
    expect((await call('deleteModel', { params: { name: 'doomed' } })).body).toEqual({});
    expect((await call('getModel', { params: { name: 'doomed' } })).status).toBe(404);
    await call('createModel', { body: { name: 'doomed' } });
    expect((await call('getModel', { params: { name: 'doomed' } })).body.versions).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown model or version on every edit', async () => {
    const answers = await Promise.all([
      call('updateModel', { params: { name: 'ghost' }, body: { description: 'x' } }),
      call('deleteModel', { params: { name: 'ghost' } }),
      call('setModelTag', { params: { name: 'ghost', key: 'k' }, body: { value: 'v' } }),
      call('deleteModelTag', { params: { name: 'ghost', key: 'k' } }),
      call('updateModelVersion', { params: { name: 'ghost', version: '1' }, body: { description: 'x' } }),
      call('setModelVersionTag', { params: { name: 'ghost', version: '1', key: 'k' }, body: { value: 'v' } }),
      call('deleteModelVersionTag', { params: { name: 'ghost', version: '1', key: 'k' } }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('NOT_FOUND');
    }
    await modelWithVersions('one-version', 1);
    const missingVersion = await call('updateModelVersion', { params: { name: 'one-version', version: '9' }, body: { stage: 'Staging' } });
    expect(missingVersion.body.error.code).toBe('NOT_FOUND');
  });
});
