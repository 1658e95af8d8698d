import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

describe.each(backends)('native registry API on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let experimentId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    experimentId = (await call('createExperiment', { body: { name: 'fraud' } })).body.experiment.experimentId;
  });
  afterAll(() => server.close());

  /** A finished run with a code version, a training dataset, a param and a metric. */
  async function trainedRun(): Promise<string> {
    const tags = [
      { key: 'mlflow.source.name', value: 'train.ts' },
      { key: 'mlflow.source.type', value: 'LOCAL' },
      { key: 'mlflow.source.git.commit', value: 'a'.repeat(40) },
      { key: 'mlflow.source.git.branch', value: 'main' },
      { key: 'cairn.source.git.dirty', value: 'false' },
    ];
    const run = (await call('createRun', { body: { experimentId, runName: 'gbm', userId: 'ana', tags } })).body.run;
    const runId: string = run.info.runId;
    await call('logBatch', {
      params: { runId },
      body: { params: [{ key: 'max_depth', value: '6' }], metrics: [{ key: 'auc', value: 0.91, timestamp: 1, step: 0 }], tags: [] },
    });
    await call('logInputs', {
      params: { runId },
      body: {
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'training' }],
            dataset: { name: 'transactions', digest: 'd1', sourceType: 's3', source: 's3://data/tx.parquet' },
          },
        ],
      },
    });
    await call('updateRun', { params: { runId }, body: { status: 'FINISHED', endTime: 5000 } });
    return runId;
  }

  it('creates a model, a version from a run and an alias, and shows them together', async () => {
    expect((await call('createModel', { body: { name: 'scorer', tags: [{ key: 'team', value: 'risk' }] } })).status).toBe(201);
    const runId = await trainedRun();
    const created = await call('createModelVersion', { params: { name: 'scorer' }, body: { source: `runs:/${runId}/model` } });
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({ name: 'scorer', version: 1, runId, source: `runs:/${runId}/model` });
    await call('createModelVersion', { params: { name: 'scorer' }, body: { source: `runs:/${runId}/model` } });

    const aliased = await call('setModelAlias', { params: { name: 'scorer', alias: 'champion' }, body: { version: 1 } });
    expect(aliased.body.model.aliases).toEqual([{ alias: 'champion', version: 1 }]);

    const shown = await call('getModel', { params: { name: 'scorer' } });
    expect(shown.body.model.tags).toEqual([{ key: 'team', value: 'risk' }]);
    expect(shown.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(shown.body.versions[1].aliases).toEqual(['champion']);

    const one = await call('getModelVersion', { params: { name: 'scorer', version: '2' } });
    expect(one.body.version.version).toBe(2);
  });

  it('lists models with a filter, an order and pages', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) await call('createModel', { body: { name } });
    const first = await call('listModels', { query: { filter: "name LIKE 'list-%'", orderBy: 'name DESC', maxResults: '2' } });
    expect(first.body.models.map((m: { name: string }) => m.name)).toEqual(['list-c', 'list-b']);
    const second = await call('listModels', {
      query: { filter: "name LIKE 'list-%'", orderBy: 'name DESC', maxResults: '2', pageToken: first.body.nextPageToken },
    });
    expect(second.body.models.map((m: { name: string }) => m.name)).toEqual(['list-a']);
    expect(second.body.nextPageToken).toBeUndefined();
  });

  it('answers lineage with the run, its code version, datasets, params and metrics', async () => {
    await call('createModel', { body: { name: 'lineage' } });
    const runId = await trainedRun();
    await call('createModelVersion', { params: { name: 'lineage' }, body: { source: `runs:/${runId}/model` } });

    const { body } = await call('getModelVersionLineage', { params: { name: 'lineage', version: '1' } });
    expect(body.version).toMatchObject({ name: 'lineage', version: 1, runId, source: `runs:/${runId}/model` });
    expect(body.run).toMatchObject({
      runId,
      runName: 'gbm',
      experimentId,
      experimentName: 'fraud',
      status: 'FINISHED',
      endTime: 5000,
      userId: 'ana',
      lifecycleStage: 'active',
      codeVersion: { sourceName: 'train.ts', sourceType: 'LOCAL', gitCommit: 'a'.repeat(40), gitBranch: 'main', gitDirty: false },
      datasets: [{ name: 'transactions', digest: 'd1', sourceType: 's3', source: 's3://data/tx.parquet', context: 'training' }],
      params: [{ key: 'max_depth', value: '6' }],
      metrics: [{ key: 'auc', value: 0.91, timestamp: 1, step: 0 }],
    });
  });

  it('keeps lineage of a version whose run was deleted later', async () => {
    await call('createModel', { body: { name: 'orphaned' } });
    const runId = await trainedRun();
    await call('createModelVersion', { params: { name: 'orphaned' }, body: { source: `runs:/${runId}/model` } });
    await call('deleteRun', { params: { runId } });

    const { body } = await call('getModelVersionLineage', { params: { name: 'orphaned', version: '1' } });
    expect(body.run).toMatchObject({ runId, lifecycleStage: 'deleted', params: [{ key: 'max_depth', value: '6' }] });
    expect(body.run.datasets).toHaveLength(1);
  });

  it('answers lineage without a run part for a version that names no run', async () => {
    await call('createModel', { body: { name: 'uploaded' } });
    await call('createModelVersion', { params: { name: 'uploaded' }, body: { source: 'mlflow-artifacts:/uploads/model' } });
    const { body } = await call('getModelVersionLineage', { params: { name: 'uploaded', version: '1' } });
    expect(body.version).toMatchObject({ runId: '', source: 'mlflow-artifacts:/uploads/model' });
    expect(body.run).toBeUndefined();
  });

  it('deletes a version and its aliases, and deletes an alias', async () => {
    await call('createModel', { body: { name: 'pruned' } });
    const source = 'mlflow-artifacts:/x/model';
    await call('createModelVersion', { params: { name: 'pruned' }, body: { source } });
    await call('createModelVersion', { params: { name: 'pruned' }, body: { source } });
    await call('setModelAlias', { params: { name: 'pruned', alias: 'old' }, body: { version: 1 } });
    await call('setModelAlias', { params: { name: 'pruned', alias: 'new' }, body: { version: 2 } });

    const deleted = await call('deleteModelVersion', { params: { name: 'pruned', version: '1' } });
    expect(deleted.body.model.aliases).toEqual([{ alias: 'new', version: 2 }]);
    const unaliased = await call('deleteModelAlias', { params: { name: 'pruned', alias: 'new' } });
    expect(unaliased.body.model.aliases).toEqual([]);
    expect((await call('getModelVersion', { params: { name: 'pruned', version: '1' } })).status).toBe(404);
  });

  it('refuses unknown models and versions, duplicates and bad input with stable codes', async () => {
    const missing = await call('getModel', { params: { name: 'nope' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await call('getModelVersionLineage', { params: { name: 'nope', version: '1' } })).status).toBe(404);

    await call('createModel', { body: { name: 'dup' } });
    const duplicate = await call('createModel', { body: { name: 'dup' } });
    expect(duplicate.body.error.code).toBe('ALREADY_EXISTS');

    const badVersion = await call('getModelVersion', { params: { name: 'dup', version: 'one' } });
    expect(badVersion.status).toBe(400);
    expect(badVersion.body.error.message).toContain("path field 'version'");

    const unknownRun = await call('createModelVersion', { params: { name: 'dup' }, body: { source: `runs:/${'f'.repeat(32)}/model` } });
    expect(unknownRun.body.error.code).toBe('NOT_FOUND');
    const typo = await call('createModelVersion', { params: { name: 'dup' }, body: { source: 'mlflow-artifacts:/m', runID: 'x' } });
    expect(typo.status).toBe(400);
  });
});
