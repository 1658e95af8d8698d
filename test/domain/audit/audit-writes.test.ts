import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { auditFixture, type AuditFixture } from './audit-fixture.js';

async function* bytes(text: string): AsyncIterable<Uint8Array> {
  yield new TextEncoder().encode(text);
}

describe.each(backends)('audit events of every write (%s)', (backend) => {
  let f: AuditFixture;
  let request = 0;
  beforeAll(async () => {
    f = await auditFixture(backend);
  });
  afterAll(() => f.close());

  /** Runs `work` as alice in a new request and expects exactly one new event, with her name and that request's id. */
  async function expectOneEvent<T>(work: () => Promise<T>, expected: { action: string; resourceType: string; resourceId?: string }): Promise<T> {
    const before = await f.lastSeq();
    const requestId = `req-${++request}`;
    const result = await f.as('alice', requestId, work);
    const events = await f.eventsAfter(before);
    expect(events.map((e) => e.action)).toEqual([expected.action]);
    expect(events[0]).toMatchObject({ ...expected, actor: 'alice', requestId, projectId: 1 });
    return result;
  }

  it('records one event per tracking write, with the caller and the request id', async () => {
    const experimentId = await expectOneEvent(() => f.tracking.createExperiment('fraud', undefined, [{ key: 'team', value: 'risk' }]), {
      action: 'experiment.create',
      resourceType: 'experiment',
    });
    const experiment = { resourceType: 'experiment', resourceId: experimentId };
    await expectOneEvent(() => f.tracking.renameExperiment(experimentId, 'fraud-2'), { action: 'experiment.rename', ...experiment });
    await expectOneEvent(() => f.tracking.setExperimentTag(experimentId, 'owner', 'ana'), { action: 'experiment.tag.set', ...experiment });
    await expectOneEvent(() => f.tracking.deleteExperimentTag(experimentId, 'owner'), { action: 'experiment.tag.delete', ...experiment });

    const run = await expectOneEvent(() => f.tracking.createRun({ experimentId }), { action: 'run.create', resourceType: 'run' });
    const runId = run.info.runId;
    const onRun = { resourceType: 'run', resourceId: runId };
    await expectOneEvent(() => f.tracking.updateRun(runId, { status: 'RUNNING', runName: 'renamed' }), { action: 'run.update', ...onRun });
    expect((await f.tracking.getRun(runId)).data.tags).toContainEqual({ key: 'mlflow.runName', value: 'renamed' });
    await expectOneEvent(() => f.tracking.logMetric(runId, { key: 'loss', value: 0.5, timestamp: 1, step: 0 }), { action: 'run.log', ...onRun });
    await expectOneEvent(() => f.tracking.logParam(runId, 'lr', '0.1'), { action: 'run.log', ...onRun });
    await expectOneEvent(() => f.tracking.setTag(runId, 'stage', 'dev'), { action: 'run.log', ...onRun });
    await expectOneEvent(
      () => f.tracking.logBatch(runId, { metrics: [], params: [], tags: [{ key: 'mlflow.runName', value: 'by-tag' }] }),
      { action: 'run.log', ...onRun },
    );
    expect((await f.tracking.getRunInfo(runId)).runName).toBe('by-tag');
    await expectOneEvent(() => f.tracking.deleteTag(runId, 'stage'), { action: 'run.tag.delete', ...onRun });
    const dataset = { name: 'train', digest: 'abc', sourceType: 'local', source: '/data/train.csv' };
    await expectOneEvent(() => f.tracking.logInputs(runId, [{ tags: [], dataset }]), { action: 'run.inputs.log', ...onRun });
    await expectOneEvent(() => f.tracking.deleteRun(runId), { action: 'run.delete', ...onRun });
    await expectOneEvent(() => f.tracking.restoreRun(runId), { action: 'run.restore', ...onRun });
    await expectOneEvent(() => f.tracking.deleteExperiment(experimentId), { action: 'experiment.delete', ...experiment });
    await expectOneEvent(() => f.tracking.restoreExperiment(experimentId), { action: 'experiment.restore', ...experiment });
  });

  it('records the counts of a log batch, and no payload, in its details', async () => {
    const runId = (await f.tracking.createRun({ experimentId: '0' })).info.runId;
    const before = await f.lastSeq();
    await f.tracking.logBatch(runId, {
      metrics: [1, 2, 3].map((step) => ({ key: 'acc', value: step / 10, timestamp: step, step })),
      params: [{ key: 'depth', value: '4' }],
      tags: [],
    });
    const [event] = await f.eventsAfter(before);
    expect(event).toMatchObject({ action: 'run.log', actor: 'system', requestId: null, details: { metrics: 3, params: 1, tags: 0 } });
  });

  it('records one event per registry and model card write', async () => {
    const runId = (await f.tracking.createRun({ experimentId: '0' })).info.runId;
    await f.tracking.logMetric(runId, { key: 'auc', value: 0.9, timestamp: 1, step: 0 });
    const model = { resourceType: 'model', resourceId: 'churn' };
    const v1 = { resourceType: 'model_version', resourceId: 'churn/1' };
    await expectOneEvent(() => f.registry.createRegisteredModel('churn', 'first', [{ key: 'a', value: '1' }]), { action: 'model.create', ...model });
    await expectOneEvent(() => f.registry.updateRegisteredModel('churn', 'second'), { action: 'model.update', ...model });
    await expectOneEvent(() => f.registry.setRegisteredModelTag('churn', 'team', 'risk'), { action: 'model.tag.set', ...model });
    await expectOneEvent(() => f.registry.deleteRegisteredModelTag('churn', 'team'), { action: 'model.tag.delete', ...model });
    const source = `runs:/${runId}/model`;
    await expectOneEvent(() => f.registry.createModelVersion({ name: 'churn', source, runId, runLink: '', description: '', userId: '', tags: [] }), {
      action: 'model_version.create',
      ...v1,
    });
    await expectOneEvent(() => f.registry.updateModelVersion('churn', 1, 'tuned'), { action: 'model_version.update', ...v1 });
    await expectOneEvent(() => f.registry.setModelVersionTag('churn', 1, 'ok', 'yes'), { action: 'model_version.tag.set', ...v1 });
    await expectOneEvent(() => f.registry.deleteModelVersionTag('churn', 1, 'ok'), { action: 'model_version.tag.delete', ...v1 });
    await expectOneEvent(() => f.registry.transitionModelVersionStage('churn', 1, 'Staging', false), { action: 'model_version.stage', ...v1 });
    await expectOneEvent(() => f.registry.setRegisteredModelAlias('churn', 'champion', 1), { action: 'model.alias.set', ...model });
    await expectOneEvent(() => f.registry.deleteRegisteredModelAlias('churn', 'champion'), { action: 'model.alias.delete', ...model });
    const card = { resourceType: 'model_card', resourceId: 'churn' };
    const fields = { owner: 'ana', intendedUse: 'churn', limitations: '', trainingData: '', fairnessNotes: '', riskTier: 'low' as const, riskRationale: '' };
    await expectOneEvent(() => f.cards.updateCard('churn', fields), { action: 'model_card.update', ...card });
    await expectOneEvent(() => f.cards.fillEvaluationFromVersion('churn', 1), { action: 'model_card.update', ...card });
    await expectOneEvent(() => f.registry.deleteModelVersion('churn', 1), { action: 'model_version.delete', ...v1 });
    await expectOneEvent(() => f.registry.renameRegisteredModel('churn', 'churn-2'), { action: 'model.rename', resourceType: 'model', resourceId: 'churn-2' });
    await expectOneEvent(() => f.registry.deleteRegisteredModel('churn-2'), { action: 'model.delete', resourceType: 'model', resourceId: 'churn-2' });
  });

  it('records artifact uploads and deletions under their path, naming the run', async () => {
    const run = await f.tracking.createRun({ experimentId: '0' });
    const root = run.info.artifactUri.replace('mlflow-artifacts:/', '');
    const path = `${root}/model.txt`;
    await expectOneEvent(() => f.artifacts.put(path, bytes('weights')), { action: 'artifact.put', resourceType: 'artifact', resourceId: path });
    const [put] = await f.eventsAfter((await f.lastSeq()) - 1);
    expect(put!.details).toMatchObject({ size: 7, runId: run.info.runId });
    await expectOneEvent(() => f.artifacts.delete(path), { action: 'artifact.delete', resourceType: 'artifact', resourceId: path });
  });

  it('records nothing for a refused write, and the refused write changes nothing', async () => {
    const runId = (await f.tracking.createRun({ experimentId: '0' })).info.runId;
    await f.tracking.logParam(runId, 'lr', '0.1');
    await f.registry.createRegisteredModel('refusals');
    const before = await f.lastSeq();
    await expect(f.as('bob', 'r-x', () => f.tracking.logParam(runId, 'lr', '0.2'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(f.as('bob', 'r-x', () => f.tracking.createExperiment('Default'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(f.as('bob', 'r-x', () => f.registry.setRegisteredModelAlias('refusals', 'champion', 3))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.as('bob', 'r-x', () => f.registry.createRegisteredModel('refusals'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await f.tracking.deleteRun(runId);
    await expect(f.as('bob', 'r-x', () => f.tracking.logMetric(runId, { key: 'm', value: 1, timestamp: 1, step: 0 }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const events = await f.eventsAfter(before);
    expect(events.map((e) => e.action)).toEqual(['run.delete']);
    const run = await f.tracking.getRun(runId);
    expect(run.data.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(run.data.metrics).toEqual([]);
  });

  it('rolls the change back when its event cannot be written', async () => {
    const experimentId = await f.tracking.createExperiment('atomic');
    const head = await f.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    await f.database.db.deleteFrom('audit_head').execute();
    try {
      await expect(f.tracking.setExperimentTag(experimentId, 'k', 'v')).rejects.toThrow(/audit_head/);
    } finally {
      await f.database.db.insertInto('audit_head').values(head).execute();
    }
    expect((await f.tracking.getExperiment(experimentId)).tags).toEqual([]);
  });

  it('writes one event per accepted call of a group commit, each with its own caller, and none for refused calls', async () => {
    const live = (await f.tracking.createRun({ experimentId: '0' })).info.runId;
    const gone = (await f.tracking.createRun({ experimentId: '0' })).info.runId;
    await f.tracking.logParam(live, 'fixed', 'a');
    await f.tracking.deleteRun(gone);
    const before = await f.lastSeq();
    const calls = Array.from({ length: 8 }, (_, i) =>
      f.as(`user${i}`, `group-${i}`, () => f.tracking.logMetric(live, { key: 'm', value: i, timestamp: i, step: i })),
    );
    calls.push(f.as('late', 'group-gone', () => f.tracking.logMetric(gone, { key: 'm', value: 1, timestamp: 1, step: 1 })));
    calls.push(f.as('clash', 'group-clash', () => f.tracking.logParam(live, 'fixed', 'b')));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((o) => o.status)).toEqual([...Array(8).fill('fulfilled'), 'rejected', 'rejected']);
    const events = await f.eventsAfter(before);
    expect(events.map((e) => [e.action, e.actor, e.requestId, e.resourceId]).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => ['run.log', `user${i}`, `group-${i}`, live]).sort(),
    );
    expect((await f.tracking.getRun(live)).data.params).toEqual([{ key: 'fixed', value: 'a' }]);
  });
});
