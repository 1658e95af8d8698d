import { describe, expect, it } from 'vitest';
import { CairnError } from '../../../src/domain/errors.js';
import { backends } from '../../support/backends.js';
import { newExperiment, useStore } from './store-fixture.js';

describe.each(backends)('experiments on %s', (backend) => {
  const t = useStore(backend);

  it('starts with the Default experiment 0', async () => {
    const experiment = await t.store.getExperiment('0');
    expect(experiment).toMatchObject({ experimentId: '0', name: 'Default', lifecycleStage: 'active', tags: [] });
  });

  it('creates an experiment with a location derived from its new id, and its tags', async () => {
    const id = await t.store.createExperiment({ ...newExperiment('fraud'), tags: [{ key: 'team', value: 'risk' }] });
    expect(id).toMatch(/^[1-9]\d*$/);
    expect(await t.store.getExperiment(id)).toEqual({
      experimentId: id,
      name: 'fraud',
      artifactLocation: `mlflow-artifacts:/${id}`,
      lifecycleStage: 'active',
      creationTime: 1_700_000_000_000,
      lastUpdateTime: 1_700_000_000_000,
      projectId: 1,
      project: 'default',
      tags: [{ key: 'team', value: 'risk' }],
    });
  });

  it('keeps an explicit artifact location', async () => {
    const id = await t.store.createExperiment({ ...newExperiment('churn'), artifactLocation: 's3://bucket/churn' });
    expect((await t.store.getExperiment(id))?.artifactLocation).toBe('s3://bucket/churn');
  });

  it('finds experiments by name and answers undefined for unknown names and ids', async () => {
    const id = await t.store.createExperiment(newExperiment('fraud'));
    expect((await t.store.getExperimentByName('fraud'))?.experimentId).toBe(id);
    expect(await t.store.getExperimentByName('nope')).toBeUndefined();
    expect(await t.store.getExperiment('999999')).toBeUndefined();
    expect(await t.store.getExperiment('not-a-number')).toBeUndefined();
  });

  it('refuses a duplicate name, even of a deleted experiment', async () => {
    const id = await t.store.createExperiment(newExperiment('fraud'));
    await expect(t.store.createExperiment(newExperiment('fraud'))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await t.store.setExperimentLifecycle(id, 'deleted', 1_700_000_000_500);
    const error: unknown = await t.store.createExperiment(newExperiment('fraud')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnError);
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await t.store.getExperimentByName('fraud'))?.lifecycleStage).toBe('deleted');
  });

  it('renames, and refuses a name another experiment holds', async () => {
    const id = await t.store.createExperiment(newExperiment('fraud'));
    await t.store.createExperiment(newExperiment('churn'));
    await t.store.renameExperiment(id, 'fraud-v2', 1_700_000_001_000);
    expect(await t.store.getExperiment(id)).toMatchObject({ name: 'fraud-v2', lastUpdateTime: 1_700_000_001_000 });
    await expect(t.store.renameExperiment(id, 'churn', 1_700_000_002_000)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await t.store.getExperiment(id))?.name).toBe('fraud-v2');
  });

  it('soft-deletes and restores, bumping the update time', async () => {
    const id = await t.store.createExperiment(newExperiment('fraud'));
    await t.store.setExperimentLifecycle(id, 'deleted', 1_700_000_001_000);
    expect(await t.store.getExperiment(id)).toMatchObject({ lifecycleStage: 'deleted', lastUpdateTime: 1_700_000_001_000 });
    await t.store.setExperimentLifecycle(id, 'active', 1_700_000_002_000);
    expect(await t.store.getExperiment(id)).toMatchObject({ lifecycleStage: 'active', lastUpdateTime: 1_700_000_002_000 });
  });

  it('reports NOT_FOUND when changing an unknown experiment', async () => {
    await expect(t.store.setExperimentLifecycle('4242', 'deleted', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.store.renameExperiment('4242', 'x', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(t.store.setExperimentTag('4242', { key: 'k', value: 'v' }, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sets, overwrites and deletes experiment tags', async () => {
    const id = await t.store.createExperiment(newExperiment('fraud'));
    await t.store.setExperimentTag(id, { key: 'owner', value: 'ada' }, 1_700_000_001_000);
    await t.store.setExperimentTag(id, { key: 'owner', value: 'grace' }, 1_700_000_002_000);
    await t.store.setExperimentTag(id, { key: 'area', value: 'cards' }, 1_700_000_003_000);
    expect(await t.store.getExperiment(id)).toMatchObject({
      lastUpdateTime: 1_700_000_003_000,
      tags: [
        { key: 'area', value: 'cards' },
        { key: 'owner', value: 'grace' },
      ],
    });
    await t.store.deleteExperimentTag(id, 'owner', 1_700_000_004_000);
    expect((await t.store.getExperiment(id))?.tags).toEqual([{ key: 'area', value: 'cards' }]);
  });

  it('returns searched experiments whole and in the order the search chose', async () => {
    const a = await t.store.createExperiment({ ...newExperiment('alpha'), tags: [{ key: 'k', value: 'a' }] });
    const b = await t.store.createExperiment({ ...newExperiment('beta'), tags: [{ key: 'k', value: 'b' }] });
    const found = await t.store.searchExperiments({
      filter: [],
      viewType: 'ACTIVE_ONLY',
      orderBy: [{ key: 'name', ascending: false }],
      offset: 0,
      limit: 10,
    });
    expect(found.map((e) => e.name)).toEqual(['beta', 'alpha', 'Default']);
    expect(found[0]).toMatchObject({ experimentId: b, tags: [{ key: 'k', value: 'b' }] });
    expect(found[1]).toMatchObject({ experimentId: a, tags: [{ key: 'k', value: 'a' }] });
  });
});
