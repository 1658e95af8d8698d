import { describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { createRun, newRunId, readHistory, useStore } from './store-fixture.js';

const empty = { metrics: [], params: [], tags: [] };

describe.each(backends)('logging to runs on %s', (backend) => {
  const t = useStore(backend);

  it('stores params, and re-logging the same value is a no-op', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value: '0.1' }] });
    await t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value: '0.1' }, { key: 'depth', value: '6' }] });
    expect((await t.store.getRun(runId))?.data.params).toEqual([
      { key: 'depth', value: '6' },
      { key: 'lr', value: '0.1' },
    ]);
  });

  it('refuses to change a param value, naming key, both values and run', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value: 'a' }] });
    const error = await t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value: 'b' }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        `Changing param values is not allowed. Param with key='lr' was already logged with value='a' for run ID='${runId}'. ` +
        `Attempted logging new value 'b'.`,
    });
    expect((await t.store.getRun(runId))?.data.params).toEqual([{ key: 'lr', value: 'a' }]);
  });

  it('refuses one batch giving a param two values', async () => {
    const runId = await createRun(t.store);
    const batch = { ...empty, params: [{ key: 'lr', value: 'a' }, { key: 'lr', value: 'b' }] };
    await expect(t.store.logBatch(runId, batch)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('writes nothing from a batch that fails', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value: 'a' }] });
    const failing = {
      metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 1 }],
      params: [{ key: 'depth', value: '6' }, { key: 'lr', value: 'changed' }],
      tags: [{ key: 'note', value: 'x' }],
    };
    await expect(t.store.logBatch(runId, failing)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const run = await t.store.getRun(runId);
    expect(run?.data).toEqual({ metrics: [], params: [{ key: 'lr', value: 'a' }], tags: [] });
    expect(await readHistory(t.store, runId, 'loss', { offset: 0, limit: 100 })).toEqual([]);
  });

  it('fails only the offending call among concurrent ones', async () => {
    const runId = await createRun(t.store);
    const other = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value: 'a' }] });
    const results = await Promise.allSettled([
      t.store.logBatch(runId, { ...empty, metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 1 }] }),
      t.store.logBatch(runId, { metrics: [{ key: 'loss', value: 9, timestamp: 9, step: 9 }], params: [{ key: 'lr', value: 'b' }], tags: [{ key: 'bad', value: '1' }] }),
      t.store.logBatch(other, { ...empty, params: [{ key: 'lr', value: 'c' }], tags: [{ key: 'good', value: '1' }] }),
      t.store.logBatch(runId, { ...empty, tags: [{ key: 'good', value: '2' }], params: [{ key: 'depth', value: '3' }] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await t.store.getRun(runId)).toMatchObject({
      data: {
        metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 1 }],
        params: [{ key: 'depth', value: '3' }, { key: 'lr', value: 'a' }],
        tags: [{ key: 'good', value: '2' }],
      },
    });
    expect((await t.store.getRun(other))?.data).toMatchObject({ params: [{ key: 'lr', value: 'c' }], tags: [{ key: 'good', value: '1' }] });
  });

  it('refuses only the calls whose run fails the precondition, checked in the write itself', async () => {
    const live = await createRun(t.store);
    const gone = await createRun(t.store);
    await t.store.setRunLifecycle(gone, 'deleted', 1);
    const mustBeActive = (run: { runId: string; lifecycleStage: string }) => {
      if (run.lifecycleStage !== 'active') throw Object.assign(new Error(`${run.runId} is ${run.lifecycleStage}`), { code: 'INVALID_ARGUMENT' });
    };
    const point = { key: 'loss', value: 1, timestamp: 1, step: 0 };
    const results = await Promise.allSettled([
      t.store.logBatch(live, { ...empty, metrics: [point] }, mustBeActive),
      t.store.logBatch(gone, { ...empty, metrics: [point], params: [{ key: 'lr', value: 'x' }] }, mustBeActive),
      t.store.logBatch(gone, empty, mustBeActive),
      t.store.logBatch(live, { ...empty, tags: [{ key: 'note', value: 'kept' }] }, mustBeActive),
      t.store.logBatch(gone, { ...empty, tags: [{ key: 'plain', value: 'no rule' }] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_ARGUMENT', message: `${gone} is deleted` });
    expect((await t.store.getRun(live))?.data).toMatchObject({ metrics: [point], tags: [{ key: 'note', value: 'kept' }] });
    expect((await t.store.getRun(gone))?.data).toEqual({ metrics: [], params: [], tags: [{ key: 'plain', value: 'no rule' }] });
    await expect(t.store.logBatch(newRunId(), empty, mustBeActive)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets exactly one of two concurrent calls set a param', async () => {
    const runId = await createRun(t.store);
    const results = await Promise.allSettled(
      ['x', 'y', 'x'].map((value) => t.store.logBatch(runId, { ...empty, params: [{ key: 'lr', value }] })),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await t.store.getRun(runId))?.data.params).toEqual([{ key: 'lr', value: 'x' }]);
  });

  it('upserts tags, the last value of a repeated key winning', async () => {
    const runId = await createRun(t.store, { tags: [{ key: 'stage', value: 'dev' }] });
    await t.store.logBatch(runId, { ...empty, tags: [{ key: 'stage', value: 'qa' }, { key: 'stage', value: 'prod' }, { key: 'x', value: '1' }] });
    expect((await t.store.getRun(runId))?.data.tags).toEqual([
      { key: 'stage', value: 'prod' },
      { key: 'x', value: '1' },
    ]);
  });

  it('reports NOT_FOUND for an unknown run', async () => {
    await expect(t.store.logBatch(newRunId(), { ...empty, tags: [{ key: 'a', value: 'b' }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('round-trips NaN and ±Infinity through history and latest values', async () => {
    const runId = await createRun(t.store);
    const metrics = [
      { key: 'nan', value: NaN, timestamp: 10, step: 0 },
      { key: 'inf', value: Infinity, timestamp: 10, step: 0 },
      { key: 'ninf', value: -Infinity, timestamp: 10, step: 0 },
      { key: 'big', value: Number.MAX_VALUE, timestamp: 10, step: 0 },
      { key: 'tiny', value: -5e-324, timestamp: 10, step: 0 },
    ];
    await t.store.logBatch(runId, { ...empty, metrics });
    for (const metric of metrics) {
      expect(await readHistory(t.store, runId, metric.key, { offset: 0, limit: 10 })).toEqual([metric]);
      const bulk = await t.store.getMetricHistoryBulkInterval({ runIds: [runId], key: metric.key, maxResults: 10 });
      expect(bulk).toEqual([{ ...metric, runId }]);
    }
    const latest = (await t.store.getRun(runId))?.data.metrics;
    expect(latest).toEqual([...metrics].sort((a, b) => a.key.localeCompare(b.key)));
  });

  it('keeps as latest the greatest (step, timestamp, value), within and across batches', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, {
      ...empty,
      metrics: [
        { key: 'loss', value: 0.5, timestamp: 100, step: 2 },
        { key: 'loss', value: 0.9, timestamp: 200, step: 1 },
        { key: 'acc', value: 0.1, timestamp: 100, step: 0 },
        { key: 'acc', value: 0.3, timestamp: 100, step: 0 },
        { key: 'acc', value: 0.2, timestamp: 100, step: 0 },
      ],
    });
    const latest = async () => (await t.store.getRun(runId))?.data.metrics;
    expect(await latest()).toEqual([
      { key: 'acc', value: 0.3, timestamp: 100, step: 0 },
      { key: 'loss', value: 0.5, timestamp: 100, step: 2 },
    ]);
    // An older step, however recent its timestamp, does not replace the latest value.
    await t.store.logBatch(runId, { ...empty, metrics: [{ key: 'loss', value: 0.1, timestamp: 999, step: 1 }] });
    expect((await latest())?.[1]).toEqual({ key: 'loss', value: 0.5, timestamp: 100, step: 2 });
    // Same step: the later timestamp wins; then same step and time: the greater value wins.
    await t.store.logBatch(runId, { ...empty, metrics: [{ key: 'loss', value: 0.4, timestamp: 150, step: 2 }] });
    expect((await latest())?.[1]).toEqual({ key: 'loss', value: 0.4, timestamp: 150, step: 2 });
    await t.store.logBatch(runId, { ...empty, metrics: [{ key: 'loss', value: 0.3, timestamp: 150, step: 2 }] });
    expect((await latest())?.[1]).toEqual({ key: 'loss', value: 0.4, timestamp: 150, step: 2 });
    await t.store.logBatch(runId, { ...empty, metrics: [{ key: 'loss', value: 0.45, timestamp: 150, step: 2 }] });
    expect((await latest())?.[1]).toEqual({ key: 'loss', value: 0.45, timestamp: 150, step: 2 });
  });

  it('stores a batch larger than one statement can carry', async () => {
    const runId = await createRun(t.store);
    const metrics = Array.from({ length: 12_000 }, (_, i) => ({ key: `m${i % 3}`, value: i, timestamp: 1_000 + i, step: i }));
    await t.store.logBatch(runId, { ...empty, metrics });
    const history = await readHistory(t.store, runId, 'm1', { offset: 0, limit: 100_000 });
    expect(history).toHaveLength(4_000);
    expect(history[3_999]).toEqual({ key: 'm1', value: 11_998, timestamp: 12_998, step: 11_998 });
    expect((await t.store.getRun(runId))?.data.metrics.map((m) => m.step)).toEqual([11_997, 11_998, 11_999]);
  });
});
