import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

describe.each(backends)('deployments on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    await call('createModel', { body: { name: 'scorer' } });
    for (let i = 0; i < 3; i += 1) await call('createModelVersion', { params: { name: 'scorer' }, body: { source: 'mlflow-artifacts:/uploads/model' } });
    // Version 4 waits for its files: PENDING_REGISTRATION. The alias is not 'production', which only a promotion moves.
    await call('createModelVersion', { params: { name: 'scorer' }, body: { upload: true } });
    await call('setModelAlias', { params: { name: 'scorer', alias: 'champion' }, body: { version: 1 } });
    await call('createProject', { body: { name: 'other' } });
    await call('createModel', { body: { name: 'elsewhere', project: 'other' } });
    await call('createModelVersion', { params: { name: 'elsewhere' }, body: { source: 'mlflow-artifacts:/uploads/model' } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  const create = (name: string, spec: unknown, extra: Record<string, unknown> = {}) => call('createDeployment', { body: { name, spec, ...extra } });
  const errorOf = (answer: { status: number; body: any }) => ({ status: answer.status, code: answer.body.error.code, message: answer.body.error.message as string });

  it('creates, updates, rolls back and deletes a deployment, keeping every revision', async () => {
    const created = await create('churn', { versions: [{ model: 'scorer', version: 1 }] }, { comment: 'first' });
    expect(created.status).toBe(201);
    expect(created.body.deployment).toMatchObject({
      name: 'churn',
      project: 'default',
      current: {
        revision: 1,
        actor: 'local',
        comment: 'first',
        spec: { versions: [{ model: 'scorer', version: 1, weight: 100 }], shadows: [], sticky: null, batching: { maxBatchSize: 1, maxWaitMs: 0 }, logging: { sampleRate: 1, retentionDays: 30 } },
      },
    });

    const canary = { versions: [{ model: 'scorer', version: 1, weight: 90 }, { model: 'scorer', version: 2, weight: 10 }], shadows: [{ model: 'scorer', version: 3 }], sticky: { source: 'header', name: 'X-User' } };
    const updated = await call('updateDeployment', { params: { name: 'churn' }, body: { spec: canary, comment: 'canary v2' } });
    expect(updated.status).toBe(200);
    expect(updated.body.deployment.current).toMatchObject({ revision: 2, comment: 'canary v2', spec: { shadows: [{ model: 'scorer', version: 3 }], sticky: { source: 'header', name: 'x-user' } } });

    const rolled = await call('rollbackDeployment', { params: { name: 'churn' }, body: {} });
    expect(rolled.body.deployment.current).toMatchObject({ revision: 3, comment: 'rollback to revision 1' });
    expect(rolled.body.deployment.current.spec).toEqual(created.body.deployment.current.spec);

    const revisions = await call('listDeploymentRevisions', { params: { name: 'churn' } });
    expect(revisions.body.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2, 3]);
    expect((await call('getDeployment', { params: { name: 'churn' } })).body.deployment.current.revision).toBe(3);
    expect((await call('listDeployments')).body.deployments.map((d: { name: string }) => d.name)).toContain('churn');

    expect((await call('deleteDeployment', { params: { name: 'churn' } })).status).toBe(200);
    expect(errorOf(await call('getDeployment', { params: { name: 'churn' } }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('records every change in the audit trail with its revision, comment and a summary', async () => {
    await create('audited', { alias: { model: 'scorer', alias: 'champion' } }, { comment: 'follow champion' });
    await call('updateDeployment', { params: { name: 'audited' }, body: { spec: { versions: [{ model: 'scorer', version: 2 }] }, comment: 'pin v2' } });
    await call('rollbackDeployment', { params: { name: 'audited' }, body: { comment: 'v2 misbehaves' } });
    await call('deleteDeployment', { params: { name: 'audited' } });
    const { body } = await call('listAuditEvents', { query: { resourceType: 'deployment', resourceId: 'audited' } });
    const events = [...body.events].reverse();
    expect(events.map((e: { action: string }) => e.action)).toEqual(['deployment.create', 'deployment.update', 'deployment.rollback', 'deployment.delete']);
    expect(events[0]).toMatchObject({ project: 'default', details: { revision: 1, comment: 'follow champion', summary: 'scorer@champion' } });
    expect(events[1].details).toMatchObject({ revision: 2, comment: 'pin v2', summary: 'scorer:2=100' });
    expect(events[2].details).toMatchObject({ revision: 3, comment: 'v2 misbehaves', rolledBackTo: 1, summary: 'scorer@champion' });
  });

  it('refuses a second deployment of the same name', async () => {
    await create('twice', { versions: [{ model: 'scorer', version: 1 }] });
    expect(errorOf(await create('twice', { versions: [{ model: 'scorer', version: 2 }] }))).toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
  });

  it.each([
    ['weights that do not sum to 100', { versions: [{ model: 'scorer', version: 1, weight: 50 }, { model: 'scorer', version: 2, weight: 40 }] }, 'spec.versions: weights must sum to 100, got 90'],
    ['several versions without weights', { versions: [{ model: 'scorer', version: 1 }, { model: 'scorer', version: 2 }] }, 'spec.versions[0].weight: required'],
    ['both versions and an alias', { versions: [{ model: 'scorer', version: 1 }], alias: { model: 'scorer', alias: 'production' } }, 'spec: name either versions'],
    ['neither versions nor an alias', {}, 'spec: name either versions'],
    ['a version that does not exist', { versions: [{ model: 'scorer', version: 99 }] }, "spec.versions[0]: version 99 of model 'scorer' not found"],
    ['a model that does not exist', { versions: [{ model: 'nobody', version: 1 }] }, "spec.versions[0].model: model 'nobody' not found"],
    ['a version that is not READY', { versions: [{ model: 'scorer', version: 4 }] }, 'spec.versions[0]: version 4 of model \'scorer\' is PENDING_REGISTRATION, not READY'],
    ['an alias that does not exist', { alias: { model: 'scorer', alias: 'staging' } }, "spec.alias.alias: model 'scorer' has no alias 'staging'"],
    ['a model of another project', { versions: [{ model: 'elsewhere', version: 1 }] }, "belongs to project 'other'"],
    ['a shadow that also takes traffic', { versions: [{ model: 'scorer', version: 1 }], shadows: [{ model: 'scorer', version: 1 }] }, 'spec.shadows[0]: scorer:1 already takes traffic'],
    ['a missing shadow version', { versions: [{ model: 'scorer', version: 1 }], shadows: [{ model: 'scorer', version: 42 }] }, 'spec.shadows[0]: version 42'],
    ['a batch size out of range', { versions: [{ model: 'scorer', version: 1 }], batching: { maxBatchSize: 0 } }, 'spec.batching.maxBatchSize: must be an integer from 1 to 1024'],
    ['a sampling rate above 1', { versions: [{ model: 'scorer', version: 1 }], logging: { sampleRate: 1.5 } }, 'spec.logging.sampleRate: must be a number from 0 to 1'],
    ['an empty sticky key', { versions: [{ model: 'scorer', version: 1 }], sticky: { source: 'input', name: '' } }, 'spec.sticky.name: required'],
  ])('rejects %s with a message naming the field', async (_what, spec, message) => {
    const answer = errorOf(await create('invalid', spec));
    expect(answer).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect(answer.message).toContain(message);
  });

  it('rejects a name that cannot appear in a URL', async () => {
    const answer = errorOf(await create('has space', { versions: [{ model: 'scorer', version: 1 }] }));
    expect(answer).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect(answer.message).toContain('name:');
  });

  it('refuses to roll back a deployment that has only one revision', async () => {
    await create('single', { versions: [{ model: 'scorer', version: 1 }] });
    const answer = errorOf(await call('rollbackDeployment', { params: { name: 'single' }, body: {} }));
    expect(answer).toMatchObject({ status: 400, code: 'INVALID_ARGUMENT' });
    expect(answer.message).toContain('nothing to roll back to');
  });

  it('rolls back to a named earlier revision', async () => {
    await create('named', { versions: [{ model: 'scorer', version: 1 }] });
    await call('updateDeployment', { params: { name: 'named' }, body: { spec: { versions: [{ model: 'scorer', version: 2 }] } } });
    await call('updateDeployment', { params: { name: 'named' }, body: { spec: { versions: [{ model: 'scorer', version: 3 }] } } });
    const rolled = await call('rollbackDeployment', { params: { name: 'named' }, body: { revision: 1 } });
    expect(rolled.body.deployment.current).toMatchObject({ revision: 4, spec: { versions: [{ model: 'scorer', version: 1, weight: 100 }] } });
  });

  it('refuses a change made from a revision that is no longer current', async () => {
    await create('guarded', { versions: [{ model: 'scorer', version: 1 }] });
    const fromOne = { spec: { versions: [{ model: 'scorer', version: 2 }] }, expectedRevision: 1 };
    expect((await call('updateDeployment', { params: { name: 'guarded' }, body: fromOne })).body.deployment.current.revision).toBe(2);
    const stale = errorOf(await call('updateDeployment', { params: { name: 'guarded' }, body: { ...fromOne, spec: { versions: [{ model: 'scorer', version: 3 }] } } }));
    expect(stale).toMatchObject({ status: 409, code: 'INVALID_STATE' });
    expect(stale.message).toContain('changed since revision 1');
    expect((await call('getDeployment', { params: { name: 'guarded' } })).body.deployment.current).toMatchObject({ revision: 2, spec: { versions: [{ version: 2 }] } });
  });

  it('lists only the deployments of the project asked for', async () => {
    await create('in-default', { versions: [{ model: 'scorer', version: 1 }] });
    const listed = await call('listDeployments', { query: { project: 'other' } });
    expect(listed.body.deployments).toEqual([]);
  });
});
