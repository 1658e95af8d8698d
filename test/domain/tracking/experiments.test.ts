import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { serviceFixture, type ServiceFixture } from './service-fixture.js';

describe.each(backends)('TrackingService experiments (%s)', (backend) => {
  let f: ServiceFixture;
  beforeEach(async () => {
    f = await serviceFixture(backend);
  });
  afterEach(() => f.close());

  it('creates an experiment with a proxied artifact location and reads it back by id and name', async () => {
    const id = await f.service.createExperiment('churn', undefined, [{ key: 'team', value: 'risk' }]);
    const experiment = await f.service.getExperiment(id);
    expect(experiment).toMatchObject({ experimentId: id, name: 'churn', artifactLocation: `mlflow-artifacts:/${id}`, lifecycleStage: 'active' });
    expect(experiment.tags).toEqual([{ key: 'team', value: 'risk' }]);
    expect(experiment.creationTime).toBe(f.clock.now());
    expect((await f.service.getExperimentByName('churn')).experimentId).toBe(id);
  });

  it('keeps an explicit artifact location', async () => {
    const id = await f.service.createExperiment('custom', 's3://bucket/x');
    expect((await f.service.getExperiment(id)).artifactLocation).toBe('s3://bucket/x');
  });

  it('has the Default experiment 0 from the start and refuses to delete it', async () => {
    expect(await f.service.getExperiment('0')).toMatchObject({ name: 'Default', lifecycleStage: 'active' });
    await expect(f.service.deleteExperiment('0')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('refuses a duplicate name, even of a deleted experiment', async () => {
    const id = await f.service.createExperiment('dup');
    await expect(f.service.createExperiment('dup')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await f.service.deleteExperiment(id);
    await expect(f.service.createExperiment('dup')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('rejects empty and over-long names', async () => {
    await expect(f.service.createExperiment('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('name') });
    await expect(f.service.createExperiment('n'.repeat(501))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('answers NOT_FOUND for unknown ids and names, INVALID_ARGUMENT for malformed ids', async () => {
    await expect(f.service.getExperiment('987654')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.service.getExperiment('abc')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(f.service.getExperiment('../x')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('experiment_id') });
    await expect(f.service.getExperimentByName('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('renames an active experiment and refuses to rename a deleted one', async () => {
    const id = await f.service.createExperiment('old');
    f.clock.advance(1000);
    await f.service.renameExperiment(id, 'new');
    const renamed = await f.service.getExperiment(id);
    expect(renamed.name).toBe('new');
    expect(renamed.lastUpdateTime).toBe(f.clock.now());
    await f.service.deleteExperiment(id);
    await expect(f.service.renameExperiment(id, 'newer')).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('refuses to rename onto an existing name', async () => {
    await f.service.createExperiment('a');
    const b = await f.service.createExperiment('b');
    await expect(f.service.renameExperiment(b, 'a')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });

  it('soft-deletes and restores; get still returns a deleted experiment', async () => {
    const id = await f.service.createExperiment('soft');
    await f.service.deleteExperiment(id);
    expect((await f.service.getExperiment(id)).lifecycleStage).toBe('deleted');
    await f.service.restoreExperiment(id);
    expect((await f.service.getExperiment(id)).lifecycleStage).toBe('active');
  });

  it('deletes the runs of a deleted experiment with it and restores them with it', async () => {
    const id = await f.service.createExperiment('cascade');
    const { info } = await f.service.createRun({ experimentId: id });
    await f.service.deleteExperiment(id);
    expect((await f.service.getRun(info.runId)).info.lifecycleStage).toBe('deleted');
    await expect(f.service.logParam(info.runId, 'p', '1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await f.service.restoreExperiment(id);
    expect((await f.service.getRun(info.runId)).info.lifecycleStage).toBe('active');
  });

  it('refuses to delete a deleted experiment or restore an active one', async () => {
    const id = await f.service.createExperiment('twice-deleted');
    await expect(f.service.restoreExperiment(id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await f.service.deleteExperiment(id);
    await expect(f.service.deleteExperiment(id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('sets, overwrites and deletes experiment tags; deleting a missing tag is NOT_FOUND', async () => {
    const id = await f.service.createExperiment('tags');
    await f.service.setExperimentTag(id, 'k', 'v1');
    await f.service.setExperimentTag(id, 'k', 'v2');
    expect((await f.service.getExperiment(id)).tags).toEqual([{ key: 'k', value: 'v2' }]);
    await f.service.deleteExperimentTag(id, 'k');
    expect((await f.service.getExperiment(id)).tags).toEqual([]);
    await expect(f.service.deleteExperimentTag(id, 'k')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('limits experiment tag values to 5000 characters and refuses tags on a deleted experiment', async () => {
    const id = await f.service.createExperiment('tag-limits');
    await expect(f.service.setExperimentTag(id, 'k', 'v'.repeat(5001))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('value') });
    await f.service.deleteExperiment(id);
    await expect(f.service.setExperimentTag(id, 'k', 'v')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'active'") });
  });

  it('pages through experiments with tokens tied to the search', async () => {
    for (let i = 0; i < 5; i += 1) {
      f.clock.advance(10);
      await f.service.createExperiment(`page-${i}`);
    }
    const search = { filter: "name LIKE 'page-%'", viewType: 'ACTIVE_ONLY' as const, maxResults: 2, orderBy: ['name'] };
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await f.service.searchExperiments({ ...search, ...(token ? { pageToken: token } : {}) });
      names.push(...page.items.map((e) => e.name));
      token = page.nextPageToken;
    } while (token);
    expect(names).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4']);
    const first = await f.service.searchExperiments(search);
    await expect(f.service.searchExperiments({ ...search, orderBy: ['name DESC'], pageToken: first.nextPageToken! })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('rejects max_results outside 1..50000', async () => {
    const search = { filter: '', viewType: 'ALL' as const, orderBy: [] };
    await expect(f.service.searchExperiments({ ...search, maxResults: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(f.service.searchExperiments({ ...search, maxResults: 50001 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
