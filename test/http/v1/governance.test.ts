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

describe.each(backends)('promotion requests and protected aliases on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let experimentId: string;

  /** A run with these metrics, ended FINISHED unless told otherwise. */
  async function run(metrics: Record<string, number>, status = 'FINISHED'): Promise<string> {
    const runId = (await call('createRun', { body: { experimentId } })).body.run.info.runId as string;
    const list = Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: 1, step: 0 }));
    await call('logBatch', { params: { runId }, body: { metrics: list, params: [], tags: [] } });
    await call('updateRun', { params: { runId }, body: { status, endTime: 2 } });
    return runId;
  }

  /** A model with one version per run (version n from runs[n-1]) and, unless told otherwise, a complete low-risk card. */
  async function model(name: string, runs: string[], card: Record<string, unknown> | null = completeCard): Promise<void> {
    expect((await call('createModel', { body: { name } })).status).toBe(201);
    for (const runId of runs) await call('createModelVersion', { params: { name }, body: { source: `runs:/${runId}/model` } });
    if (card) expect((await call('putModelCard', { params: { name }, body: card })).status).toBe(200);
  }

  async function aliases(name: string): Promise<{ alias: string; version: number }[]> {
    return (await call('getModel', { params: { name } })).body.model.aliases;
  }

  async function auditActions(resourceType: string, resourceId: string): Promise<string[]> {
    const rows = await server.app.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('resource_type', '=', resourceType)
      .where('resource_id', '=', resourceId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => r.action);
  }

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    experimentId = (await call('createExperiment', { body: { name: 'governance' } })).body.experiment.experimentId;
  });
  afterAll(() => server.close());

  it('refuses a direct set or delete of a protected alias on the MLflow and native routes, saying how to request it, and changes nothing', async () => {
    await model('guarded', [await run({ auc: 0.8 }), await run({ auc: 0.9 })]);
    const native = await call('setModelAlias', { params: { name: 'guarded', alias: 'production' }, body: { version: 1 } });
    expect(native.status).toBe(403);
    expect(native.body.error.code).toBe('PERMISSION_DENIED');
    expect(native.body.error.message).toContain("alias 'production' of model 'guarded' is protected: open a promotion request");
    expect(native.body.error.message).toContain('cairn models promote guarded');

    const mlflow = await fetch(`${server.url}/api/2.0/mlflow/registered-models/alias`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'guarded', alias: 'production', version: '2' }),
    });
    expect(mlflow.status).toBe(403);
    const mlflowBody = (await mlflow.json()) as { error_code: string; message: string };
    expect(mlflowBody.error_code).toBe('PERMISSION_DENIED');
    expect(mlflowBody.message).toContain('POST /api/v1/promotions');
    expect(await aliases('guarded')).toEqual([]);

    // Unprotected aliases still move directly.
    expect((await call('setModelAlias', { params: { name: 'guarded', alias: 'champion' }, body: { version: 2 } })).status).toBe(200);

    // Once promoted, the alias cannot be removed directly either.
    const opened = await call('openPromotion', { body: { model: 'guarded', version: 2, alias: 'production' } });
    await call('approvePromotion', { params: { id: opened.body.promotion.id } });
    const removal = await call('deleteModelAlias', { params: { name: 'guarded', alias: 'production' } });
    expect(removal.status).toBe(403);
    expect(removal.body.error.code).toBe('PERMISSION_DENIED');
    const mlflowRemoval = await fetch(`${server.url}/api/2.0/mlflow/registered-models/alias`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'guarded', alias: 'production' }),
    });
    expect(((await mlflowRemoval.json()) as { error_code: string }).error_code).toBe('PERMISSION_DENIED');
    expect(await aliases('guarded')).toEqual(expect.arrayContaining([{ alias: 'production', version: 2 }, { alias: 'champion', version: 2 }]));
  });

  it('moves the alias when the single approval of the default low-risk policy arrives, with the audit events in order', async () => {
    await model('flow', [await run({ auc: 0.8 })]);
    const opened = await call('openPromotion', { body: { model: 'flow', version: 1, alias: 'production', comment: 'first release' } });
    expect(opened.status).toBe(201);
    const promotion = opened.body.promotion;
    expect(promotion).toMatchObject({
      project: 'default',
      model: 'flow',
      version: 1,
      alias: 'production',
      status: 'open',
      requestedBy: 'local',
      comment: 'first release',
      decidedTime: null,
      policy: { approvals: 1, separationOfDuties: false, checks: ['card_complete'], metric: null },
      evidence: { cardComplete: true, missingCardFields: [], riskTier: 'low', metric: null, beatsCurrent: null, checks: [{ name: 'card_complete', passed: true }] },
      decisions: [],
    });
    expect(await aliases('flow')).toEqual([]);

    const approved = await call('approvePromotion', { params: { id: promotion.id }, body: { comment: 'looks good' } });
    expect(approved.status).toBe(200);
    expect(approved.body.promotion).toMatchObject({ status: 'approved', decisions: [{ actor: 'local', decision: 'approve', comment: 'looks good' }] });
    expect(approved.body.promotion.decidedTime).toEqual(expect.any(Number));
    expect(await aliases('flow')).toEqual([{ alias: 'production', version: 1 }]);

    expect(await auditActions('promotion', promotion.id)).toEqual(['promotion.open', 'promotion.approve', 'promotion.complete']);
    expect(await auditActions('model', 'flow')).toContain('model.alias.set');
    const got = await call('getPromotion', { params: { id: promotion.id } });
    expect(got.body.promotion).toEqual(approved.body.promotion);
  });

  it('computes evidence: card completeness, the metric against the current holder in both directions, and no holder', async () => {
    await call('putPolicy', { params: { project: 'default', riskTier: 'medium' }, body: { approvals: 1, checks: ['beats_current'], metric: { key: 'auc', higherIsBetter: true } } });
    await call('putPolicy', { params: { project: 'default', riskTier: 'high' }, body: { approvals: 1, checks: ['beats_current'], metric: { key: 'loss', higherIsBetter: false } } });
    await model('evidence', [await run({ auc: 0.8, loss: 0.3 }), await run({ auc: 0.9, loss: 0.4 }), await run({ auc: 0.7, loss: 0.2 })], { ...completeCard, riskTier: 'medium' });

    // Nobody holds the alias yet: the candidate passes.
    const first = (await call('openPromotion', { body: { model: 'evidence', version: 1, alias: 'production' } })).body.promotion;
    expect(first.evidence.metric).toEqual({ key: 'auc', higherIsBetter: true, candidate: 0.8, current: null, currentVersion: null });
    expect(first.evidence.beatsCurrent).toBe(true);
    expect(first.evidence.checks).toEqual([{ name: 'beats_current', passed: true, detail: expect.stringContaining('nobody holds') }]);
    await call('approvePromotion', { params: { id: first.id } });

    // Higher is better: 0.9 beats 0.8; 0.7 does not.
    const better = (await call('openPromotion', { body: { model: 'evidence', version: 2, alias: 'production' } })).body.promotion;
    expect(better.evidence).toMatchObject({ metric: { candidate: 0.9, current: 0.8, currentVersion: 1 }, beatsCurrent: true });
    await call('withdrawPromotion', { params: { id: better.id } });
    const worse = (await call('openPromotion', { body: { model: 'evidence', version: 3, alias: 'production' } })).body.promotion;
    expect(worse.evidence).toMatchObject({ metric: { candidate: 0.7, current: 0.8 }, beatsCurrent: false, checks: [{ name: 'beats_current', passed: false }] });
    await call('withdrawPromotion', { params: { id: worse.id } });

    // Lower is better (the high tier's policy): loss 0.2 beats 0.3, 0.4 does not.
    await call('putModelCard', { params: { name: 'evidence' }, body: { ...completeCard, riskTier: 'high' } });
    const lower = (await call('openPromotion', { body: { model: 'evidence', version: 3, alias: 'production' } })).body.promotion;
    expect(lower.evidence).toMatchObject({ riskTier: 'high', metric: { key: 'loss', higherIsBetter: false, candidate: 0.2, current: 0.3 }, beatsCurrent: true });
    await call('withdrawPromotion', { params: { id: lower.id } });
    const higher = (await call('openPromotion', { body: { model: 'evidence', version: 2, alias: 'production' } })).body.promotion;
    expect(higher.evidence).toMatchObject({ metric: { candidate: 0.4, current: 0.3 }, beatsCurrent: false });
    await call('withdrawPromotion', { params: { id: higher.id } });

    // An incomplete card is quoted field by field (high risk also needs an evaluation summary).
    await call('putModelCard', { params: { name: 'evidence' }, body: { ...completeCard, riskTier: 'high', owner: '', limitations: '' } });
    await call('putPolicy', { params: { project: 'default', riskTier: 'high' }, body: { approvals: 1, checks: ['card_complete'] } });
    const incomplete = (await call('openPromotion', { body: { model: 'evidence', version: 2, alias: 'production' } })).body.promotion;
    expect(incomplete.evidence).toMatchObject({ cardComplete: false, missingCardFields: ['owner', 'limitations', 'evaluation'], metric: null, beatsCurrent: null });
    expect(incomplete.evidence.checks[0]).toMatchObject({ name: 'card_complete', passed: false, detail: expect.stringContaining('owner, limitations, evaluation') });
    await call('withdrawPromotion', { params: { id: incomplete.id } });
    for (const tier of ['medium', 'high']) await call('resetPolicy', { params: { project: 'default', riskTier: tier } });
  });

  it('refuses to approve a request whose check failed, naming the check; it can still be rejected', async () => {
    await model('unfinished', [await run({ auc: 0.8 }, 'FAILED')], null);
    const promotion = (await call('openPromotion', { body: { model: 'unfinished', version: 1, alias: 'production' } })).body.promotion;
    expect(promotion.evidence).toMatchObject({ cardComplete: false, riskTier: null, checks: [{ name: 'card_complete', passed: false }] });
    const approve = await call('approvePromotion', { params: { id: promotion.id } });
    expect(approve.status).toBe(409);
    expect(approve.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('check failed: card_complete') });
    expect(await aliases('unfinished')).toEqual([]);

    const rejected = await call('rejectPromotion', { params: { id: promotion.id }, body: { comment: 'fill the card' } });
    expect(rejected.body.promotion).toMatchObject({ status: 'rejected', decisions: [{ actor: 'local', decision: 'reject', comment: 'fill the card' }] });
    expect(await auditActions('promotion', promotion.id)).toEqual(['promotion.open', 'promotion.reject']);
    const again = await call('approvePromotion', { params: { id: promotion.id } });
    expect(again.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('already rejected') });
  });

  it('records withdrawal, allows one open request per model and alias, and refuses approving twice', async () => {
    await model('single', [await run({ auc: 0.8 }), await run({ auc: 0.9 })]);
    const first = (await call('openPromotion', { body: { model: 'single', version: 1, alias: 'production' } })).body.promotion;
    const duplicate = await call('openPromotion', { body: { model: 'single', version: 2, alias: 'production' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('ALREADY_EXISTS');
    // Another alias of the same model is a separate queue.
    const other = await call('openPromotion', { body: { model: 'single', version: 2, alias: 'staging' } });
    expect(other.status).toBe(201);

    const withdrawn = await call('withdrawPromotion', { params: { id: first.id }, body: { comment: 'wrong version' } });
    expect(withdrawn.body.promotion).toMatchObject({ status: 'withdrawn', decisions: [{ decision: 'withdraw', comment: 'wrong version' }] });
    expect(await auditActions('promotion', first.id)).toEqual(['promotion.open', 'promotion.withdraw']);

    // Two approvals without separation of duties: the same person counts once.
    await call('putPolicy', { params: { project: 'default', riskTier: 'low' }, body: { approvals: 2 } });
    const twice = (await call('openPromotion', { body: { model: 'single', version: 2, alias: 'production' } })).body.promotion;
    const once = await call('approvePromotion', { params: { id: twice.id } });
    expect(once.body.promotion.status).toBe('open');
    const repeat = await call('approvePromotion', { params: { id: twice.id } });
    expect(repeat.status).toBe(409);
    expect(repeat.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('already approved') });
    expect(await aliases('single')).toEqual([]);
    await call('resetPolicy', { params: { project: 'default', riskTier: 'low' } });
  });

  it('opens only one of two concurrent requests for the same model and alias', async () => {
    await model('race', [await run({ auc: 0.8 }), await run({ auc: 0.9 })]);
    const answers = await Promise.all([1, 2].map((version) => call('openPromotion', { body: { model: 'race', version, alias: 'production' } })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect((await call('listPromotions', { query: { model: 'race' } })).body.promotions).toHaveLength(1);
    const id = answers.find((a) => a.status === 201)!.body.promotion.id;
    await call('withdrawPromotion', { params: { id } });
  });

  it('lists requests newest first with filters and pages', async () => {
    const open = await call('listPromotions', { query: { status: 'open', model: 'single' } });
    expect(open.body.promotions.map((p: { alias: string }) => p.alias)).toEqual(['production', 'staging']);
    const all = await call('listPromotions', { query: { project: 'default' } });
    const ids = all.body.promotions.map((p: { id: string }) => Number(p.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const firstPage = await call('listPromotions', { query: { maxResults: '2' } });
    expect(firstPage.body.promotions).toHaveLength(2);
    const next = await call('listPromotions', { query: { maxResults: '2', pageToken: firstPage.body.nextPageToken } });
    expect(Number(next.body.promotions[0].id)).toBeLessThan(Number(firstPage.body.promotions[1].id));
    expect((await call('listPromotions', { query: { status: 'pending' } })).status).toBe(400);
    expect((await call('getPromotion', { params: { id: '999999' } })).body.error.code).toBe('NOT_FOUND');
  });

  it("lists every tier's policy with Cairn's defaults, and refuses malformed policies naming the field, changing nothing", async () => {
    const listed = (await call('listPolicies', { params: { project: 'default' } })).body.policies;
    expect(listed.map((p: { riskTier: string }) => p.riskTier)).toEqual(['low', 'medium', 'high', 'critical', 'default']);
    expect(listed.find((p: { riskTier: string }) => p.riskTier === 'high')).toMatchObject({ approvals: 2, separationOfDuties: true, source: 'default' });

    const bad: [Record<string, unknown>, string][] = [
      [{ approvals: 0 }, 'approvals'],
      [{ approvals: 1, checks: ['vibes'] }, 'checks'],
      [{ approvals: 1, checks: ['beats_current'] }, 'metric'],
      [{ approvals: 1, metric: { key: '', higherIsBetter: true } }, 'metric.key'],
      [{ approvals: 1, separationOfDuties: 'yes' }, 'separationOfDuties'],
      [{ approvals: 1, extra: true }, 'extra'],
    ];
    for (const [body, field] of bad) {
      const answer = await call('putPolicy', { params: { project: 'default', riskTier: 'medium' }, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
      expect(answer.body.error.message).toContain(field);
    }
    const badTier = await call('putPolicy', { params: { project: 'default', riskTier: 'extreme' }, body: { approvals: 1 } });
    expect(badTier.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('riskTier') });
    expect((await call('listPolicies', { params: { project: 'nowhere' } })).body.error.code).toBe('NOT_FOUND');
    expect((await call('listPolicies', { params: { project: 'default' } })).body.policies).toEqual(listed);

    const set = await call('putPolicy', { params: { project: 'default', riskTier: 'critical' }, body: { approvals: 3, separationOfDuties: true, checks: ['run_finished'] } });
    expect(set.body.policy).toMatchObject({ riskTier: 'critical', approvals: 3, separationOfDuties: true, checks: ['run_finished'], metric: null, source: 'project', updatedBy: 'local' });
    expect(await auditActions('policy', 'default/critical')).toEqual(['policy.set']);
    const reset = await call('resetPolicy', { params: { project: 'default', riskTier: 'critical' } });
    expect(reset.body.policy).toMatchObject({ approvals: 2, source: 'default' });
  });

  it('answers NOT_FOUND for unknown models and versions and INVALID_STATE when the alias already points at the version', async () => {
    expect((await call('openPromotion', { body: { model: 'ghost', version: 1, alias: 'production' } })).body.error.code).toBe('NOT_FOUND');
    expect((await call('openPromotion', { body: { model: 'flow', version: 9, alias: 'production' } })).body.error.code).toBe('NOT_FOUND');
    expect((await call('openPromotion', { body: { model: 'flow', version: 1, alias: 'bad alias' } })).body.error.code).toBe('INVALID_ARGUMENT');
    const same = await call('openPromotion', { body: { model: 'flow', version: 1, alias: 'production' } });
    expect(same.body.error).toMatchObject({ code: 'INVALID_STATE', message: expect.stringContaining('already points at version 1') });
  });
});
