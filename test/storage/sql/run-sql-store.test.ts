import { describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { createRun, newExperiment, newRunId, useStore } from './store-fixture.js';

describe.each(backends)('runs on %s', (backend) => {
  const t = useStore(backend);

  it('creates a running run with its tags and reads it back whole', async () => {
    const runId = await createRun(t.store, { tags: [{ key: 'mlflow.runName', value: 'brave-owl-1' }, { key: 'team', value: 'risk' }] });
    expect(await t.store.getRun(runId)).toEqual({
      info: {
        runId,
        runName: 'brave-owl-1',
        experimentId: '0',
        userId: 'ada',
        status: 'RUNNING',
        startTime: 1_700_000_000_000,
        endTime: null,
        artifactUri: `mlflow-artifacts:/0/${runId}/artifacts`,
        lifecycleStage: 'active',
      },
      data: {
        metrics: [],
        params: [],
        tags: [
          { key: 'mlflow.runName', value: 'brave-owl-1' },
          { key: 'team', value: 'risk' },
        ],
      },
      inputs: { datasetInputs: [] },
    });
    expect(await t.store.getRunInfo(runId)).toMatchObject({ runId, status: 'RUNNING' });
  });

  it('answers undefined for an unknown run', async () => {
    expect(await t.store.getRun(newRunId())).toBeUndefined();
    expect(await t.store.getRunInfo(newRunId())).toBeUndefined();
  });

  it('refuses a second run with the same id', async () => {
    const runId = await createRun(t.store);
    await expect(createRun(t.store, { runId })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('updates status, end time and name, leaving other fields alone', async () => {
    const runId = await createRun(t.store);
    const info = await t.store.updateRun(runId, { status: 'FINISHED', endTime: 1_700_000_009_000 });
    expect(info).toMatchObject({ status: 'FINISHED', endTime: 1_700_000_009_000, runName: 'brave-owl-1' });
    const renamed = await t.store.updateRun(runId, { runName: 'calm-fox-2' });
    expect(renamed).toMatchObject({ status: 'FINISHED', endTime: 1_700_000_009_000, runName: 'calm-fox-2' });
    expect(await t.store.updateRun(runId, {})).toEqual(renamed);
  });

  it('reports NOT_FOUND when updating or deleting an unknown run', async () => {
    await expect(t.store.updateRun(newRunId(), { status: 'FAILED' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.store.setRunLifecycle(newRunId(), 'deleted', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('soft-deletes and restores a run', async () => {
    const runId = await createRun(t.store);
    await t.store.setRunLifecycle(runId, 'deleted', 1_700_000_005_000);
    expect((await t.store.getRunInfo(runId))?.lifecycleStage).toBe('deleted');
    await t.store.setRunLifecycle(runId, 'active', 1_700_000_006_000);
    expect((await t.store.getRunInfo(runId))?.lifecycleStage).toBe('active');
  });

  it('deletes one tag and keeps the others', async () => {
    const runId = await createRun(t.store, { tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
    await t.store.deleteRunTag(runId, 'a');
    await t.store.deleteRunTag(runId, 'never-set');
    expect((await t.store.getRun(runId))?.data.tags).toEqual([{ key: 'b', value: '2' }]);
  });

  it('returns searched runs whole, in the order the search chose', async () => {
    const experimentId = await t.store.createExperiment(newExperiment('fraud'));
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const runId = await createRun(t.store, { experimentId, startTime: 1_700_000_000_000 + i, runName: `run-${i}` });
      await t.store.logBatch(runId, {
        metrics: [{ key: 'auc', value: i / 10, timestamp: 5, step: 0 }],
        params: [{ key: 'lr', value: String(i) }],
        tags: [{ key: 'i', value: String(i) }],
      });
      ids.push(runId);
    }
    const runs = await t.store.searchRuns({
      experimentIds: [experimentId],
      filter: [],
      viewType: 'ACTIVE_ONLY',
      orderBy: [{ key: { kind: 'attribute', key: 'start_time' }, ascending: true }],
      offset: 0,
      limit: 10,
    });
    expect(runs.map((run) => run.info.runId)).toEqual(ids);
    runs.forEach((run, i) => {
      expect(run.data).toEqual({
        metrics: [{ key: 'auc', value: i / 10, timestamp: 5, step: 0 }],
        params: [{ key: 'lr', value: String(i) }],
        tags: [{ key: 'i', value: String(i) }],
      });
    });
  });
});
