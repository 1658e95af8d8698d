import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryService } from '../../../src/domain/registry/registry-service.js';
import type { Page } from '../../../src/domain/tracking/types.js';
import { RegistrySqlStore } from '../../../src/storage/sql/registry-sql-store.js';
import { backends } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';
import { ManualClock, serviceFixture, type ServiceFixture } from '../tracking/service-fixture.js';

describe.each(backends)('RegistryService over the SQL store (%s)', (backend) => {
  let f: ServiceFixture;
  let registry: RegistryService;
  let clock: ManualClock;
  let runId: string;
  beforeAll(async () => {
    f = await serviceFixture(backend);
    clock = f.clock;
    registry = new RegistryService({
      store: new RegistrySqlStore(f.database.db, testAudit(f.database).audit),
      clock,
      runArtifactUri: async (id) => (await f.service.getRunInfo(id)).artifactUri,
    });
    runId = (await f.service.createRun({ experimentId: '0' })).info.runId;
    // Models a-model .. e-model, created one second apart; every other one tagged team=risk.
    for (const [i, letter] of ['c', 'a', 'e', 'b', 'd'].entries()) {
      clock.advance(1000);
      await registry.createRegisteredModel(`${letter}-model`, '', i % 2 === 0 ? [{ key: 'team', value: 'risk' }] : []);
    }
    for (let i = 0; i < 3; i += 1) {
      clock.advance(1000);
      await registry.createModelVersion({ name: 'a-model', source: `runs:/${runId}/m${i}`, runId, runLink: '', description: '', userId: '', tags: [{ key: 'i', value: `${i}` }] });
      await registry.createModelVersion({ name: 'b-model', source: `mlflow-artifacts:/b/${i}`, runId: '', runLink: '', description: '', userId: '', tags: [] });
    }
  });
  afterAll(() => f.close());

  const names = (page: Page<{ name: string }>) => page.items.map((m) => m.name);
  const versions = (page: Page<{ name: string; version: number }>) => page.items.map((v) => `${v.name}/${v.version}`);

  it('lists registered models by name by default and filters on name and tags', async () => {
    const search = { filter: '', maxResults: 100, orderBy: [] };
    expect(names(await registry.searchRegisteredModels(search))).toEqual(['a-model', 'b-model', 'c-model', 'd-model', 'e-model']);
    expect(names(await registry.searchRegisteredModels({ ...search, filter: "name LIKE '%-model' AND tags.team = 'risk'" }))).toEqual(['c-model', 'd-model', 'e-model']);
    expect(names(await registry.searchRegisteredModels({ ...search, filter: "name ILIKE 'A-%'" }))).toEqual(['a-model']);
    expect(names(await registry.searchRegisteredModels({ ...search, filter: "name != 'a-model' AND name != 'b-model'" }))).toEqual(['c-model', 'd-model', 'e-model']);
  });

  it('orders registered models by time and pages through them with tokens', async () => {
    const byTime = await registry.searchRegisteredModels({ filter: '', maxResults: 100, orderBy: ['creation_timestamp DESC'] });
    expect(names(byTime)).toEqual(['d-model', 'b-model', 'e-model', 'a-model', 'c-model']);
    const first = await registry.searchRegisteredModels({ filter: '', maxResults: 2, orderBy: ['timestamp'] });
    expect(names(first)).toEqual(['c-model', 'a-model']);
    const second = await registry.searchRegisteredModels({ filter: '', maxResults: 2, orderBy: ['timestamp'], pageToken: first.nextPageToken as string });
    const third = await registry.searchRegisteredModels({ filter: '', maxResults: 2, orderBy: ['timestamp'], pageToken: second.nextPageToken as string });
    expect([...names(second), ...names(third)]).toEqual(['e-model', 'b-model', 'd-model']);
    expect(third.nextPageToken).toBeUndefined();
    await expect(registry.searchRegisteredModels({ filter: "name = 'x'", maxResults: 2, orderBy: ['timestamp'], pageToken: first.nextPageToken as string })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('refuses bad filters, order keys and page sizes with INVALID_ARGUMENT', async () => {
    for (const search of [
      { filter: "run_id = 'x'", maxResults: 10, orderBy: [] },
      { filter: "name > 'x'", maxResults: 10, orderBy: [] },
      { filter: '', maxResults: 1001, orderBy: [] },
      { filter: '', maxResults: 0, orderBy: [] },
      { filter: '', maxResults: 10, orderBy: ['version_number'] },
    ]) {
      await expect(registry.searchRegisteredModels(search)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(registry.searchModelVersions({ filter: '', maxResults: 200_001, orderBy: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('searches model versions by name, run_id (IN too), source_path, version_number and tags', async () => {
    const search = (filter: string) => registry.searchModelVersions({ filter, maxResults: 10_000, orderBy: [] });
    expect(versions(await search(''))).toEqual(['a-model/3', 'a-model/2', 'a-model/1', 'b-model/3', 'b-model/2', 'b-model/1']);
    expect(versions(await search(`run_id = '${runId}'`))).toEqual(['a-model/3', 'a-model/2', 'a-model/1']);
    expect(versions(await search(`run_id IN ('${runId}', 'other')`))).toHaveLength(3);
    expect(versions(await search("source_path LIKE 'mlflow-artifacts:/b/%' AND version_number >= 2"))).toEqual(['b-model/3', 'b-model/2']);
    expect(versions(await search("name = 'a-model' AND tags.i = '1'"))).toEqual(['a-model/2']);
    const ordered = await registry.searchModelVersions({ filter: "name = 'b-model'", maxResults: 2, orderBy: ['version_number ASC'] });
    expect(versions(ordered)).toEqual(['b-model/1', 'b-model/2']);
    expect(ordered.nextPageToken).toBeDefined();
  });

  it('includes the latest version of each stage in a registered model', async () => {
    const model = await registry.getRegisteredModel('a-model');
    expect(model.latestVersions.map((v) => [v.version, v.currentStage])).toEqual([[3, 'None']]);
    expect(model.latestVersions[0]?.tags).toEqual([{ key: 'i', value: '2' }]);
  });

  it('checks that a named run exists and that a runs:/ source agrees with run_id', async () => {
    const base = { name: 'c-model', runLink: '', description: '', userId: '', tags: [] };
    await expect(registry.createModelVersion({ ...base, source: 'runs:/nope/model', runId: '' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(registry.createModelVersion({ ...base, source: `runs:/${runId}/model`, runId: 'other' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(registry.createModelVersion({ ...base, source: 'mlflow-artifacts:/../x', runId: '' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await registry.getModelVersionDownloadUri('a-model', '2')).toBe(`mlflow-artifacts:/0/${runId}/artifacts/m1`);
  });

  it('validates names, tags and versions', async () => {
    await expect(registry.createRegisteredModel('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(registry.createRegisteredModel('long-tag', '', [{ key: 'k'.repeat(251), value: '' }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(registry.getModelVersion('a-model', 'one')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(registry.getModelVersion('a-model', '99')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(registry.renameRegisteredModel('a-model', 'b-model')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});
