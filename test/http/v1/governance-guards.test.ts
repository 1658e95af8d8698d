import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

const completeCard = {
  owner: 'risk-team',
  intendedUse: 'Score card transactions for fraud review',
  limitations: 'Not for transactions outside the EU',
  trainingData: 'transactions 2024-01..2024-06',
  fairnessNotes: '',
  riskTier: 'low',
  riskRationale: 'A person reviews every flag',
};

describe.each(backends)('protected aliases against deletion, stages and pending versions on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let experimentId: string;

  async function mlflow(method: 'POST' | 'DELETE', path: string, body: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}/api/2.0/mlflow/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }

  /** A model with `versions` versions from finished runs and a complete low-risk card. */
  async function model(name: string, versions: number): Promise<void> {
    expect((await call('createModel', { body: { name } })).status).toBe(201);
    for (let i = 0; i < versions; i++) {
      const runId = (await call('createRun', { body: { experimentId } })).body.run.info.runId as string;
      await call('updateRun', { params: { runId }, body: { status: 'FINISHED', endTime: 2 } });
      await call('createModelVersion', { params: { name }, body: { source: `runs:/${runId}/model` } });
    }
    expect((await call('putModelCard', { params: { name }, body: completeCard })).status).toBe(200);
  }

  /** Moves `alias` to `version` the governed way (the default low-risk policy needs one approval). */
  async function promote(name: string, version: number, alias = 'production'): Promise<void> {
    const opened = await call('openPromotion', { body: { model: name, version, alias } });
    expect(opened.status).toBe(201);
    expect((await call('approvePromotion', { params: { id: opened.body.promotion.id } })).body.promotion.status).toBe('approved');
  }

  async function aliases(name: string): Promise<{ alias: string; version: number }[]> {
    return (await call('getModel', { params: { name } })).body.model.aliases;
  }

  async function audit(resourceType: string, resourceId: string): Promise<{ action: string; actor: string; details: any }[]> {
    const rows = await server.app.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor', 'details'])
      .where('resource_type', '=', resourceType)
      .where('resource_id', '=', resourceId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ action: r.action, actor: r.actor, details: JSON.parse(r.details) }));
  }

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    experimentId = (await call('createExperiment', { body: { name: 'guards' } })).body.experiment.experimentId;
  });
  afterAll(() => server.close());

  it('refuses to delete the version holding a protected alias on the native and MLflow routes, saying what to do, and changes nothing', async () => {
    await model('held', 2);
    await promote('held', 1);
    await call('setModelAlias', { params: { name: 'held', alias: 'champion' }, body: { version: 1 } });

    const native = await call('deleteModelVersion', { params: { name: 'held', version: '1' } });
    expect(native.status).toBe(403);
    expect(native.body.error.code).toBe('PERMISSION_DENIED');
    expect(native.body.error.message).toContain("version 1 of model 'held' holds protected alias 'production'");
    expect(native.body.error.message).toContain('promotion request (cairn models promote held <version> --to production');
    expect(native.body.error.message).toContain('PATCH /api/v1/projects/default');
    const compat = await mlflow('DELETE', 'model-versions/delete', { name: 'held', version: '1' });
    expect(compat.status).toBe(403);
    expect(compat.body).toMatchObject({ error_code: 'PERMISSION_DENIED', message: expect.stringContaining('protected alias') });

    expect((await call('getModelVersion', { params: { name: 'held', version: '1' } })).status).toBe(200);
    expect(await aliases('held')).toEqual(expect.arrayContaining([{ alias: 'production', version: 1 }, { alias: 'champion', version: 1 }]));
    expect((await audit('model_version', 'held/1')).map((e) => e.action)).not.toContain('model_version.delete');

    // Once the alias moved on through a promotion, the old holder goes, with its unprotected alias.
    await promote('held', 2);
    expect((await call('deleteModelVersion', { params: { name: 'held', version: '1' } })).status).toBe(200);
    expect(await aliases('held')).toEqual([{ alias: 'production', version: 2 }]);
  });

  it('refuses to delete a model while one of its versions holds a protected alias, until a project admin lifts the protection, which the audit shows', async () => {
    await model('keeper', 2);
    await promote('keeper', 2);
    const native = await call('deleteModel', { params: { name: 'keeper' } });
    expect(native.status).toBe(403);
    expect(native.body.error).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: expect.stringContaining("model 'keeper' cannot be deleted while it holds protected aliases ('production' on version 2)"),
    });
    expect(native.body.error.message).toContain("have an admin of project 'default' remove 'production' from its protected aliases");
    const compat = await mlflow('DELETE', 'registered-models/delete', { name: 'keeper' });
    expect(compat).toMatchObject({ status: 403, body: { error_code: 'PERMISSION_DENIED' } });
    expect(await aliases('keeper')).toEqual([{ alias: 'production', version: 2 }]);

    // Lifting the protection for a moment is allowed, and the audit keeps both lists.
    expect((await call('updateProject', { params: { project: 'default' }, body: { protectedAliases: [] } })).status).toBe(200);
    expect((await call('deleteModel', { params: { name: 'keeper' } })).status).toBe(200);
    expect((await call('updateProject', { params: { project: 'default' }, body: { protectedAliases: ['production'] } })).status).toBe(200);
    const changes = (await audit('project', 'default')).filter((e) => e.action === 'project.update');
    expect(changes.slice(-2).map((e) => e.details)).toEqual([
      { protectedAliases: [], previousProtectedAliases: ['production'] },
      { protectedAliases: ['production'], previousProtectedAliases: [] },
    ]);
    expect(changes.at(-1)?.actor).toBe('local');
  });

  it('lets legacy stages move freely, Production included, without touching the protected alias', async () => {
    await model('staged', 2);
    await promote('staged', 1);
    const native = await call('updateModelVersion', { params: { name: 'staged', version: '2' }, body: { stage: 'Production' } });
    expect(native.body.version.currentStage).toBe('Production');
    const compat = await mlflow('POST', 'model-versions/transition-stage', { name: 'staged', version: '1', stage: 'Production', archive_existing_versions: true });
    expect(compat.status).toBe(200);
    expect((await call('getModelVersion', { params: { name: 'staged', version: '2' } })).body.version.currentStage).toBe('Archived');
    expect(await aliases('staged')).toEqual([{ alias: 'production', version: 1 }]);
  });

  it('refuses an alias or a promotion for a version still pending registration, and allows both once it is READY', async () => {
    await model('pending', 0);
    expect((await call('createModelVersion', { params: { name: 'pending' }, body: { upload: true } })).body.version.status).toBe('PENDING_REGISTRATION');

    const alias = await call('setModelAlias', { params: { name: 'pending', alias: 'champion' }, body: { version: 1 } });
    expect(alias.status).toBe(409);
    expect(alias.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining("version 1 of model 'pending' is PENDING_REGISTRATION, not READY") });
    const compat = await mlflow('POST', 'registered-models/alias', { name: 'pending', alias: 'champion', version: '1' });
    expect(compat).toMatchObject({ status: 400, body: { error_code: 'INVALID_STATE' } });
    const promotion = await call('openPromotion', { body: { model: 'pending', version: 1, alias: 'production' } });
    expect(promotion.status).toBe(409);
    expect(promotion.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('no promotion request can be opened') });
    expect(await aliases('pending')).toEqual([]);
    expect((await call('listPromotions', { query: { model: 'pending' } })).body.promotions).toEqual([]);

    const file = `${server.url}/api/v1/models/pending/versions/1/files/content?path=notes.txt`;
    expect((await fetch(file, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: 'weights elsewhere' })).status).toBe(201);
    expect((await call('finalizeModelVersion', { params: { name: 'pending', version: '1' } })).body.version.status).toBe('READY');
    expect((await call('setModelAlias', { params: { name: 'pending', alias: 'champion' }, body: { version: 1 } })).status).toBe(200);
    await promote('pending', 1);
    expect(await aliases('pending')).toEqual(expect.arrayContaining([{ alias: 'production', version: 1 }]));
  });

  it('withdraws the open requests of a deleted version in the same change, recorded and audited, freeing the alias for a new request', async () => {
    await model('vanishing', 2);
    const { id } = (await call('openPromotion', { body: { model: 'vanishing', version: 1, alias: 'production' } })).body.promotion;
    const other = (await call('openPromotion', { body: { model: 'vanishing', version: 2, alias: 'staging' } })).body.promotion;
    expect((await call('deleteModelVersion', { params: { name: 'vanishing', version: '1' } })).status).toBe(200);

    const closed = (await call('getPromotion', { params: { id } })).body.promotion;
    expect(closed).toMatchObject({
      status: 'withdrawn',
      decisions: [{ actor: 'local', decision: 'withdraw', comment: "closed by Cairn: version 1 of model 'vanishing' was deleted" }],
    });
    expect(closed.decidedTime).toBe(closed.decisions[0].time);
    expect(await audit('promotion', id)).toEqual([
      expect.objectContaining({ action: 'promotion.open' }),
      { action: 'promotion.withdraw', actor: 'local', details: { model: 'vanishing', version: 1, alias: 'production', status: 'withdrawn', reason: 'version deleted' } },
    ]);
    // Only the deleted version's requests close.
    expect((await call('getPromotion', { params: { id: other.id } })).body.promotion.status).toBe('open');
    expect((await call('approvePromotion', { params: { id } })).body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('already withdrawn') });
    expect((await call('openPromotion', { body: { model: 'vanishing', version: 2, alias: 'production' } })).status).toBe(201);
  });

  it('withdraws every open request of a deleted model; the requests outlive it', async () => {
    await model('gone', 2);
    const first = (await call('openPromotion', { body: { model: 'gone', version: 1, alias: 'production' } })).body.promotion;
    const second = (await call('openPromotion', { body: { model: 'gone', version: 2, alias: 'staging' } })).body.promotion;
    expect((await call('deleteModel', { params: { name: 'gone' } })).status).toBe(200);
    for (const { id } of [first, second]) {
      const closed = (await call('getPromotion', { params: { id } })).body.promotion;
      expect(closed).toMatchObject({ model: 'gone', status: 'withdrawn', decisions: [{ decision: 'withdraw', comment: "closed by Cairn: model 'gone' was deleted" }] });
      expect((await audit('promotion', id)).at(-1)).toMatchObject({ action: 'promotion.withdraw', details: { reason: 'model deleted' } });
    }
  });

  it('keeps the requests open when a refused deletion rolls back', async () => {
    await model('steady', 2);
    await promote('steady', 1);
    const pending = (await call('openPromotion', { body: { model: 'steady', version: 1, alias: 'staging' } })).body.promotion;
    expect((await call('deleteModelVersion', { params: { name: 'steady', version: '1' } })).status).toBe(403);
    expect((await call('deleteModel', { params: { name: 'steady' } })).status).toBe(403);
    expect((await call('getPromotion', { params: { id: pending.id } })).body.promotion).toMatchObject({ status: 'open', decisions: [] });
    expect((await audit('promotion', pending.id)).map((e) => e.action)).toEqual(['promotion.open']);
  });

  it('never leaves a protected alias on a deleted version when an approval and a deletion of the candidate race', async () => {
    await model('contest', 1);
    const { id } = (await call('openPromotion', { body: { model: 'contest', version: 1, alias: 'production' } })).body.promotion;
    const [approval, deletion] = await Promise.all([
      call('approvePromotion', { params: { id } }),
      call('deleteModelVersion', { params: { name: 'contest', version: '1' } }),
    ]);
    const request = (await call('getPromotion', { params: { id } })).body.promotion;
    if (approval.status === 200) {
      // The approval won: the alias holds the version, and the deletion was refused.
      expect(deletion.body.error?.code).toBe('PERMISSION_DENIED');
      expect(request.status).toBe('approved');
      expect(await aliases('contest')).toEqual([{ alias: 'production', version: 1 }]);
    } else {
      // The deletion won: the request closed as withdrawn and the approval found it so.
      expect(deletion.status).toBe(200);
      expect(approval.body.error.code).toBe('INVALID_STATE');
      expect(request.status).toBe('withdrawn');
      expect(await aliases('contest')).toEqual([]);
    }
  });
});
