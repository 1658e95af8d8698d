import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { serviceFixture, type ServiceFixture } from './service-fixture.js';

describe.each(backends)('TrackingService logging (%s)', (backend) => {
  let f: ServiceFixture;
  let runId: string;
  beforeEach(async () => {
    f = await serviceFixture(backend);
    runId = (await f.service.createRun({ experimentId: await f.service.createExperiment('log') })).info.runId;
  });
  afterEach(() => f.close());

  const metric = (key: string, value: number, step = 0, timestamp = 1000) => ({ key, value, step, timestamp });

  it('keeps every metric point in history and the latest (by step) on the run', async () => {
    await f.service.logMetric(runId, metric('loss', 0.9, 0));
    await f.service.logMetric(runId, metric('loss', 0.5, 2));
    await f.service.logMetric(runId, metric('loss', 0.7, 1));
    const run = await f.service.getRun(runId);
    expect(run.data.metrics).toEqual([metric('loss', 0.5, 2)]);
    const history = await f.service.getMetricHistory({ runId, key: 'loss' });
    expect(history.items.map((m) => m.step)).toEqual([0, 1, 2]);
    expect(history.nextPageToken).toBeUndefined();
  });

  it('stores NaN and infinities and reads them back', async () => {
    await f.service.logBatch(runId, { metrics: [metric('a', Number.NaN, 0), metric('a', Infinity, 1), metric('a', -Infinity, 2)], params: [], tags: [] });
    const history = await f.service.getMetricHistory({ runId, key: 'a' });
    expect(history.items.map((m) => m.value)).toEqual([Number.NaN, Infinity, -Infinity]);
  });

  it('pages metric history when max_results is given', async () => {
    await f.service.logBatch(runId, { metrics: Array.from({ length: 5 }, (_, i) => metric('m', i, i)), params: [], tags: [] });
    const steps: number[] = [];
    let token: string | undefined;
    do {
      const page = await f.service.getMetricHistory({ runId, key: 'm', maxResults: 2, ...(token ? { pageToken: token } : {}) });
      steps.push(...page.items.map((m) => m.step));
      token = page.nextPageToken;
    } while (token);
    expect(steps).toEqual([0, 1, 2, 3, 4]);
  });

  it('treats re-logging a param with the same value as a no-op and refuses a different value', async () => {
    await f.service.logParam(runId, 'lr', '0.1');
    await f.service.logParam(runId, 'lr', '0.1');
    await expect(f.service.logParam(runId, 'lr', '0.2')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await f.service.getRun(runId)).data.params).toEqual([{ key: 'lr', value: '0.1' }]);
  });

  it('enforces value limits: param 6000, tag 8000', async () => {
    await f.service.logParam(runId, 'p', 'x'.repeat(6000));
    await expect(f.service.logParam(runId, 'q', 'x'.repeat(6001))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('value') });
    await f.service.setTag(runId, 't', 'x'.repeat(8000));
    await expect(f.service.setTag(runId, 'u', 'x'.repeat(8001))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('leaves nothing behind when any item of a batch is invalid', async () => {
    const batch = { metrics: [metric('ok', 1)], params: [{ key: 'good', value: '1' }], tags: [{ key: 'bad//key', value: 'x' }] };
    await expect(f.service.logBatch(runId, batch)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('tags[0].key') });
    const run = await f.service.getRun(runId);
    expect(run.data.metrics).toEqual([]);
    expect(run.data.params).toEqual([]);
  });

  it('leaves nothing behind when a batch changes an existing param', async () => {
    await f.service.logParam(runId, 'fixed', 'a');
    const batch = { metrics: [metric('after', 1)], params: [{ key: 'fresh', value: '1' }, { key: 'fixed', value: 'b' }], tags: [] };
    await expect(f.service.logBatch(runId, batch)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const run = await f.service.getRun(runId);
    expect(run.data.metrics).toEqual([]);
    expect(run.data.params).toEqual([{ key: 'fixed', value: 'a' }]);
  });

  it('refuses batches over the count limits', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => metric(`m${i}`, i));
    await expect(f.service.logBatch(runId, { metrics: many, params: [], tags: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('1000') });
  });

  it('appends logged models to the mlflow.log-model.history tag and requires the MLmodel keys', async () => {
    const model = (path: string) => JSON.stringify({ artifact_path: path, flavors: { python_function: {} }, utc_time_created: '2024-01-01 00:00:00.000000', run_id: runId });
    await f.service.logModel(runId, model('m1'));
    await f.service.logModel(runId, model('m2'));
    const tag = (await f.service.getRun(runId)).data.tags.find((t) => t.key === 'mlflow.log-model.history');
    expect(JSON.parse(tag!.value).map((m: { artifact_path: string }) => m.artifact_path)).toEqual(['m1', 'm2']);
    await expect(f.service.logModel(runId, JSON.stringify({ artifact_path: 'x' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('flavors') });
    await expect(f.service.logModel(runId, '{nope')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('model_json') });
  });

  it('logs dataset inputs and rejects an over-long digest', async () => {
    const input = { tags: [{ key: 'mlflow.data.context', value: 'train' }], dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '{"uri":"x"}' } };
    await f.service.logInputs(runId, [input]);
    const run = await f.service.getRun(runId);
    expect(run.inputs.datasetInputs).toHaveLength(1);
    expect(run.inputs.datasetInputs[0]?.dataset).toMatchObject({ name: 'iris', digest: 'abc123' });
    const bad = { ...input, dataset: { ...input.dataset, digest: 'd'.repeat(37) } };
    await expect(f.service.logInputs(runId, [bad])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('datasets[0].dataset.digest') });
  });

  it('deletes a run tag; deleting a missing tag is NOT_FOUND', async () => {
    await f.service.setTag(runId, 'gone', 'soon');
    await f.service.deleteTag(runId, 'gone');
    expect((await f.service.getRun(runId)).data.tags.some((t) => t.key === 'gone')).toBe(false);
    await expect(f.service.deleteTag(runId, 'gone')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('validates bulk-interval queries', async () => {
    const base = { runIds: [runId], key: 'm', maxResults: 10 };
    await expect(f.service.getMetricHistoryBulkInterval({ ...base, runIds: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(f.service.getMetricHistoryBulkInterval({ ...base, runIds: Array.from({ length: 101 }, () => runId) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(f.service.getMetricHistoryBulkInterval({ ...base, maxResults: 2501 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(f.service.getMetricHistoryBulkInterval({ ...base, startStep: 5, endStep: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await f.service.logBatch(runId, { metrics: [metric('m', 1, 0), metric('m', 2, 1)], params: [], tags: [] });
    const points = await f.service.getMetricHistoryBulkInterval(base);
    expect(points.map((p) => [p.runId, p.step, p.value])).toEqual([[runId, 0, 1], [runId, 1, 2]]);
  });
});
