import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { serviceFixture, type ServiceFixture } from './service-fixture.js';

describe.each(backends)('TrackingService runs (%s)', (backend) => {
  let f: ServiceFixture;
  let experimentId: string;
  beforeEach(async () => {
    f = await serviceFixture(backend);
    experimentId = await f.service.createExperiment('runs');
  });
  afterEach(() => f.close());

  it('creates a RUNNING run with a generated adjective-noun-number name mirrored in the mlflow.runName tag', async () => {
    const run = await f.service.createRun({ experimentId });
    expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.info).toMatchObject({ status: 'RUNNING', experimentId, lifecycleStage: 'active', endTime: null, startTime: f.clock.now() });
    expect(run.info.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    expect(run.data.tags).toContainEqual({ key: 'mlflow.runName', value: run.info.runName });
    expect(run.info.artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${run.info.runId}/artifacts`);
  });

  it('puts runs in the Default experiment when none is given', async () => {
    expect((await f.service.createRun({})).info.experimentId).toBe('0');
  });

  it('takes the run name from the mlflow.runName tag and rejects a different run_name', async () => {
    const tagged = await f.service.createRun({ experimentId, tags: [{ key: 'mlflow.runName', value: 'from-tag' }] });
    expect(tagged.info.runName).toBe('from-tag');
    const both = await f.service.createRun({ experimentId, runName: 'same', tags: [{ key: 'mlflow.runName', value: 'same' }] });
    expect(both.info.runName).toBe('same');
    await expect(f.service.createRun({ experimentId, runName: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('run_name'),
    });
  });

  it('takes user, start time and tags from the request', async () => {
    const run = await f.service.createRun({ experimentId, userId: 'ada', startTime: 42, tags: [{ key: 'mlflow.source.name', value: 'train.py' }] });
    expect(run.info).toMatchObject({ userId: 'ada', startTime: 42 });
    expect(run.data.tags).toContainEqual({ key: 'mlflow.source.name', value: 'train.py' });
  });

  it('refuses runs in unknown or deleted experiments', async () => {
    await expect(f.service.createRun({ experimentId: '4242' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await f.service.deleteExperiment(experimentId);
    await expect(f.service.createRun({ experimentId })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'active'") });
  });

  it('finishes a run through updateRun and renames it together with its tag', async () => {
    const { info } = await f.service.createRun({ experimentId, runName: 'first' });
    const updated = await f.service.updateRun(info.runId, { status: 'FINISHED', endTime: info.startTime + 5, runName: 'second' });
    expect(updated).toMatchObject({ status: 'FINISHED', endTime: info.startTime + 5, runName: 'second' });
    const run = await f.service.getRun(info.runId);
    expect(run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'second' });
  });

  it('renames the run when the mlflow.runName tag is set', async () => {
    const { info } = await f.service.createRun({ experimentId, runName: 'before' });
    await f.service.setTag(info.runId, 'mlflow.runName', 'after');
    expect((await f.service.getRun(info.runId)).info.runName).toBe('after');
  });

  it('answers NOT_FOUND for an unknown run and INVALID_ARGUMENT for a malformed id', async () => {
    await expect(f.service.getRun('0123456789abcdef0123456789abcdef')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.service.getRun('bad id!')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('run_id') });
  });

  it('soft-deletes and restores a run; get returns it while deleted', async () => {
    const { info } = await f.service.createRun({ experimentId });
    await f.service.deleteRun(info.runId);
    expect((await f.service.getRun(info.runId)).info.lifecycleStage).toBe('deleted');
    await f.service.restoreRun(info.runId);
    expect((await f.service.getRun(info.runId)).info.lifecycleStage).toBe('active');
  });

  it("rejects every write to a deleted run with a 'must be in the active state' message", async () => {
    const { info } = await f.service.createRun({ experimentId });
    await f.service.deleteRun(info.runId);
    const id = info.runId;
    const model = JSON.stringify({ artifact_path: 'm', flavors: {}, utc_time_created: 'now', run_id: id });
    const writes = [
      () => f.service.logMetric(id, { key: 'm', value: 1, timestamp: 1, step: 0 }),
      () => f.service.logParam(id, 'p', '1'),
      () => f.service.setTag(id, 't', '1'),
      () => f.service.logBatch(id, { metrics: [], params: [{ key: 'p', value: '1' }], tags: [] }),
      () => f.service.logModel(id, model),
      () => f.service.logInputs(id, []),
      () => f.service.updateRun(id, { status: 'FINISHED' }),
    ];
    for (const write of writes) {
      await expect(write()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("must be in the 'active' state") });
    }
  });

  it('fails only the writes to a deleted run among concurrent writes', async () => {
    const live = (await f.service.createRun({ experimentId })).info.runId;
    const gone = (await f.service.createRun({ experimentId })).info.runId;
    await f.service.deleteRun(gone);
    const point = (step: number) => ({ key: 'm', value: step, timestamp: 1, step });
    const results = await Promise.allSettled([
      f.service.logMetric(live, point(0)),
      f.service.logMetric(gone, point(0)),
      f.service.logParam(live, 'p', '1'),
      f.service.logBatch(gone, { metrics: [point(1)], params: [], tags: [] }),
      f.service.logMetric(live, point(1)),
      f.service.logMetric('0123456789abcdef0123456789abcdef', point(0)),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code))).toEqual([
      'ok',
      'INVALID_ARGUMENT',
      'ok',
      'INVALID_ARGUMENT',
      'ok',
      'NOT_FOUND',
    ]);
    expect((await f.service.getMetricHistory({ runId: live, key: 'm' })).items.map((m) => m.step)).toEqual([0, 1]);
    expect((await f.service.getMetricHistory({ runId: gone, key: 'm' })).items).toEqual([]);
  });

  it('pages run searches with next-page tokens and keeps the default order (newest first)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      f.clock.advance(1000);
      ids.push((await f.service.createRun({ experimentId })).info.runId);
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await f.service.searchRuns({ experimentIds: [experimentId], filter: '', viewType: 'ACTIVE_ONLY', maxResults: 2, orderBy: [], ...(token ? { pageToken: token } : {}) });
      seen.push(...page.items.map((r) => r.info.runId));
      token = page.nextPageToken;
    } while (token);
    expect(seen).toEqual([...ids].reverse());
  });

  it('rejects run searches with max_results above 50000 or a malformed filter', async () => {
    const search = { experimentIds: [experimentId], filter: '', viewType: 'ACTIVE_ONLY' as const, orderBy: [] };
    await expect(f.service.searchRuns({ ...search, maxResults: 50001 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('max_results') });
    await expect(f.service.searchRuns({ ...search, maxResults: 10, filter: 'metrics.x >' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
