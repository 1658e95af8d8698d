import { describe, expect, it } from 'vitest';
import type { DatasetInput } from '../../../src/domain/tracking/types.js';
import { backends } from '../../support/backends.js';
import { createRun, newExperiment, newRunId, useStore } from './store-fixture.js';

function input(name: string, digest: string, context = 'training'): DatasetInput {
  return {
    tags: [{ key: 'mlflow.data.context', value: context }],
    dataset: { name, digest, sourceType: 'local', source: '{"uri":"/data/x.csv"}', schema: '{"mlflow_colspec":[]}' },
  };
}

describe.each(backends)('dataset inputs on %s', (backend) => {
  const t = useStore(backend);

  it('links inputs to the run and returns them with the run', async () => {
    const runId = await createRun(t.store);
    const noSchema: DatasetInput = { tags: [], dataset: { name: 'raw', digest: 'aa11', sourceType: 'http', source: 'https://x' } };
    await t.store.logInputs(runId, [input('train', 'd1'), noSchema]);
    expect((await t.store.getRun(runId))?.inputs.datasetInputs).toEqual([input('train', 'd1'), noSchema]);
  });

  it('stores a dataset once per experiment and links it once per run', async () => {
    const first = await createRun(t.store);
    const second = await createRun(t.store);
    await t.store.logInputs(first, [input('train', 'd1'), input('train', 'd1', 'again')]);
    await t.store.logInputs(first, [input('train', 'd1', 'later')]);
    await t.store.logInputs(second, [input('train', 'd1', 'eval'), input('train', 'd2')]);
    expect((await t.store.getRun(first))?.inputs.datasetInputs).toEqual([input('train', 'd1')]);
    expect((await t.store.getRun(second))?.inputs.datasetInputs).toEqual([input('train', 'd1', 'eval'), input('train', 'd2')]);
    const stored = await t.database.db.selectFrom('datasets').select(['experiment_id', 'name', 'digest']).execute();
    expect(stored).toHaveLength(2);
  });

  it('keeps datasets of different experiments apart', async () => {
    const experimentId = await t.store.createExperiment(newExperiment('other'));
    const a = await createRun(t.store);
    const b = await createRun(t.store, { experimentId });
    await t.store.logInputs(a, [input('train', 'd1')]);
    await t.store.logInputs(b, [input('train', 'd1')]);
    const stored = await t.database.db.selectFrom('datasets').select('experiment_id').orderBy('experiment_id').execute();
    expect(stored.map((row) => String(row.experiment_id))).toEqual(['0', experimentId]);
    expect((await t.store.getRun(b))?.inputs.datasetInputs).toEqual([input('train', 'd1')]);
  });

  it('reports NOT_FOUND for an unknown run', async () => {
    await expect(t.store.logInputs(newRunId(), [input('train', 'd1')])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
