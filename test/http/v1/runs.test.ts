import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

interface KeyValue {
  key: string;
  value: string;
}

describe.each(backends)('native runs API on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let experimentId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    experimentId = (await call('createExperiment', { body: { name: 'runs' } })).body.experiment.experimentId;
  });
  afterAll(() => server.close());

  const newRun = async (body: Record<string, unknown> = {}) => (await call('createRun', { body: { experimentId, ...body } })).body.run;

  it('creates a running run with a generated name, in the Default experiment when none is given', async () => {
    const created = await call('createRun', { body: {} });
    expect(created.status).toBe(201);
    const { info } = created.body.run;
    expect(info).toMatchObject({ experimentId: '0', status: 'RUNNING', lifecycleStage: 'active', endTime: null });
    expect(info.runName).not.toBe('');
  });

  it('records the parent of a nested run and refuses an unknown parent', async () => {
    const parent = await newRun({ runName: 'parent' });
    const child = await newRun({ runName: 'child', parentRunId: parent.info.runId });
    expect(child.data.tags).toContainEqual({ key: 'mlflow.parentRunId', value: parent.info.runId });

    const orphan = await call('createRun', { body: { experimentId, parentRunId: 'ffffffffffffffffffffffffffffffff' } });
    expect(orphan.status).toBe(404);
    expect(orphan.body.error.code).toBe('NOT_FOUND');
  });

  it('logs a batch and shows the latest metric values, params and tags on the run', async () => {
    const run = await newRun();
    const logged = await call('logBatch', {
      params: { runId: run.info.runId },
      body: {
        metrics: [
          { key: 'loss', value: 0.9, timestamp: 1000, step: 0 },
          { key: 'loss', value: 0.4, timestamp: 2000, step: 1 },
        ],
        params: [{ key: 'lr', value: '0.01' }],
        tags: [{ key: 'stage', value: 'dev' }],
      },
    });
    expect(logged.status).toBe(200);
    const { data } = (await call('getRun', { params: { runId: run.info.runId } })).body.run;
    expect(data.metrics).toEqual([{ key: 'loss', value: 0.4, timestamp: 2000, step: 1 }]);
    expect(data.params).toEqual([{ key: 'lr', value: '0.01' }]);
    expect(data.tags).toContainEqual({ key: 'stage', value: 'dev' });
  });

  it('carries NaN and infinities as strings both ways', async () => {
    const run = await newRun();
    await call('logBatch', {
      params: { runId: run.info.runId },
      body: {
        metrics: [
          { key: 'nan', value: 'NaN', timestamp: 1 },
          { key: 'up', value: 'Infinity', timestamp: 1 },
          { key: 'down', value: '-Infinity', timestamp: 1 },
        ],
      },
    });
    const { metrics } = (await call('getRun', { params: { runId: run.info.runId } })).body.run.data;
    const byKey = Object.fromEntries(metrics.map((m: { key: string; value: unknown }) => [m.key, m.value]));
    expect(byKey).toEqual({ nan: 'NaN', up: 'Infinity', down: '-Infinity' });
  });

  it('rejects a changed param and writes nothing of that batch', async () => {
    const run = await newRun();
    const runId = run.info.runId;
    await call('logBatch', { params: { runId }, body: { params: [{ key: 'depth', value: '3' }] } });
    const rejected = await call('logBatch', {
      params: { runId },
      body: { metrics: [{ key: 'acc', value: 0.5, timestamp: 1 }], params: [{ key: 'depth', value: '4' }] },
    });
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.code).toBe('INVALID_ARGUMENT');
    const { data } = (await call('getRun', { params: { runId } })).body.run;
    expect(data.metrics).toEqual([]);
    expect(data.params).toEqual([{ key: 'depth', value: '3' }]);
  });

  it('ends a run with a status and an end time, and renames it', async () => {
    const run = await newRun();
    const ended = await call('updateRun', { params: { runId: run.info.runId }, body: { status: 'FINISHED', endTime: 5000, runName: 'final' } });
    expect(ended.body.run.info).toMatchObject({ status: 'FINISHED', endTime: 5000, runName: 'final' });
    expect(ended.body.run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'final' });

    const badStatus = await call('updateRun', { params: { runId: run.info.runId }, body: { status: 'DONE' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toContain("'status'");
  });

  it('soft-deletes and restores a run; a deleted run takes no writes', async () => {
    const run = await newRun();
    const runId = run.info.runId;
    expect((await call('deleteRun', { params: { runId } })).body.run.info.lifecycleStage).toBe('deleted');
    const write = await call('logBatch', { params: { runId }, body: { tags: [{ key: 'a', value: 'b' }] } });
    expect(write.status).toBe(400);
    expect((await call('restoreRun', { params: { runId } })).body.run.info.lifecycleStage).toBe('active');
  });

  it('removes a tag given in the query', async () => {
    const run = await newRun({ tags: [{ key: 'team/owner', value: 'ana' }] });
    await call('deleteRunTag', { params: { runId: run.info.runId }, query: { key: 'team/owner' } });
    const tags: KeyValue[] = (await call('getRun', { params: { runId: run.info.runId } })).body.run.data.tags;
    expect(tags.map((t) => t.key)).not.toContain('team/owner');
  });

  it('searches with the filter grammar, orders and pages', async () => {
    const { experimentId: searchExperiment } = (await call('createExperiment', { body: { name: 'search-runs' } })).body.experiment;
    for (const [name, auc, model] of [['a', 0.7, 'gbm'], ['b', 0.9, 'gbm'], ['c', 0.8, 'gbm'], ['d', 0.95, 'linear']] as const) {
      const run = (await call('createRun', { body: { experimentId: searchExperiment, runName: name } })).body.run;
      await call('logBatch', { params: { runId: run.info.runId }, body: { metrics: [{ key: 'auc', value: auc, timestamp: 1 }], params: [{ key: 'model', value: model }] } });
    }
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const body = { experimentIds: [searchExperiment], filter: "metrics.auc > 0.75 AND params.model = 'gbm'", orderBy: ['metrics.auc DESC'], maxResults: 1, ...(pageToken ? { pageToken } : {}) };
      const page = await call('searchRuns', { body });
      names.push(...page.body.runs.map((r: { info: { runName: string } }) => r.info.runName));
      pageToken = page.body.nextPageToken;
    } while (pageToken);
    expect(names).toEqual(['b', 'c']);

    const bad = await call('searchRuns', { body: { experimentIds: [searchExperiment], filter: 'metrics.auc >' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('returns a metric history in step order, paged', async () => {
    const run = await newRun();
    const runId = run.info.runId;
    const metrics = [3, 1, 4, 0, 2].map((step) => ({ key: 'loss', value: step / 10, timestamp: 100 + step, step }));
    await call('logBatch', { params: { runId }, body: { metrics } });
    const steps: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call('getMetricHistory', { params: { runId }, query: { key: 'loss', maxResults: '2', ...(pageToken ? { pageToken } : {}) } });
      steps.push(...page.body.metrics.map((m: { step: number }) => m.step));
      pageToken = page.body.nextPageToken;
    } while (pageToken);
    expect(steps).toEqual([0, 1, 2, 3, 4]);

    const all = await call('getMetricHistory', { params: { runId }, query: { key: 'loss' } });
    expect(all.body.metrics).toHaveLength(5);
    expect(all.body.nextPageToken).toBeUndefined();
  });

  it('returns an empty metric history, and NaN and infinities as strings', async () => {
    const runId = (await newRun()).info.runId;
    expect((await call('getMetricHistory', { params: { runId }, query: { key: 'never' } })).body).toEqual({ metrics: [] });
    const metrics = [NaN, Infinity, -Infinity, 0.1 + 0.2].map((value, step) => ({ key: 'odd', value: Number.isFinite(value) ? value : String(value), timestamp: 5, step }));
    await call('logBatch', { params: { runId }, body: { metrics } });
    expect((await call('getMetricHistory', { params: { runId }, query: { key: 'odd' } })).body).toEqual({ metrics });
  });

  it('records dataset inputs on the run', async () => {
    const run = await newRun();
    const dataset = { name: 'weather', digest: 'abc123', sourceType: 'local', source: 'seattle-weather.csv' };
    const logged = await call('logInputs', {
      params: { runId: run.info.runId },
      body: { datasets: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }] },
    });
    expect(logged.status).toBe(200);
    const { inputs } = (await call('getRun', { params: { runId: run.info.runId } })).body.run;
    expect(inputs.datasetInputs).toEqual([{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset }]);
  });

  it('answers 404 for an unknown run', async () => {
    const answer = await call('getRun', { params: { runId: 'ffffffffffffffffffffffffffffffff' } });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('NOT_FOUND');
  });
});
