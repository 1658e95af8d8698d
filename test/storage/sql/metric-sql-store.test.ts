import { describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { createRun, newRunId, useStore } from './store-fixture.js';

const empty = { metrics: [], params: [], tags: [] };

describe.each(backends)('metric history on %s', (backend) => {
  const t = useStore(backend);

  it('orders history by step, then timestamp, whatever the logging order', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, {
      ...empty,
      metrics: [
        { key: 'loss', value: 3, timestamp: 30, step: 2 },
        { key: 'loss', value: 1, timestamp: 50, step: 0 },
        { key: 'other', value: 9, timestamp: 1, step: 1 },
      ],
    });
    await t.store.logBatch(runId, {
      ...empty,
      metrics: [
        { key: 'loss', value: 2, timestamp: 10, step: 1 },
        { key: 'loss', value: 0, timestamp: 40, step: 0 },
      ],
    });
    const history = await t.store.getMetricHistory(runId, 'loss', { offset: 0, limit: 100 });
    expect(history.map((m) => [m.step, m.timestamp, m.value])).toEqual([
      [0, 40, 0],
      [0, 50, 1],
      [1, 10, 2],
      [2, 30, 3],
    ]);
    expect(history.every((m) => m.key === 'loss')).toBe(true);
  });

  it('pages history with offset and limit', async () => {
    const runId = await createRun(t.store);
    const metrics = Array.from({ length: 25 }, (_, i) => ({ key: 'loss', value: i, timestamp: 1_000 + i, step: i }));
    await t.store.logBatch(runId, { ...empty, metrics: [...metrics].reverse() });
    const pages = [];
    for (let offset = 0; offset < 30; offset += 10) pages.push(await t.store.getMetricHistory(runId, 'loss', { offset, limit: 10 }));
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(metrics);
    expect(await t.store.getMetricHistory(runId, 'loss', { offset: 25, limit: 10 })).toEqual([]);
  });

  it('keeps repeated points, and returns nothing for unknown keys or runs', async () => {
    const runId = await createRun(t.store);
    const point = { key: 'loss', value: 1, timestamp: 5, step: 0 };
    await t.store.logBatch(runId, { ...empty, metrics: [point, point] });
    expect(await t.store.getMetricHistory(runId, 'loss', { offset: 0, limit: 10 })).toEqual([point, point]);
    expect(await t.store.getMetricHistory(runId, 'acc', { offset: 0, limit: 10 })).toEqual([]);
    expect(await t.store.getMetricHistory(newRunId(), 'loss', { offset: 0, limit: 10 })).toEqual([]);
  });
});

describe.each(backends)('bulk interval history on %s', (backend) => {
  const t = useStore(backend);

  async function runWithSteps(steps: number[], key = 'loss'): Promise<string> {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, metrics: steps.map((step) => ({ key, value: step * 10, timestamp: 1_000 + step, step })) });
    return runId;
  }

  it('returns every point of each run in the order of the requested runs', async () => {
    const a = await runWithSteps([0, 1, 2]);
    const b = await runWithSteps([0, 5]);
    const result = await t.store.getMetricHistoryBulkInterval({ runIds: [b, a], key: 'loss', maxResults: 100 });
    expect(result.map((m) => [m.runId, m.step])).toEqual([
      [b, 0],
      [b, 5],
      [a, 0],
      [a, 1],
      [a, 2],
    ]);
    expect(result[1]).toEqual({ runId: b, key: 'loss', value: 50, timestamp: 1_005, step: 5 });
  });

  it('limits to the step range, inclusive at both ends', async () => {
    const a = await runWithSteps([0, 1, 2, 3, 4, 5]);
    const result = await t.store.getMetricHistoryBulkInterval({ runIds: [a], key: 'loss', startStep: 2, endStep: 4, maxResults: 100 });
    expect(result.map((m) => m.step)).toEqual([2, 3, 4]);
  });

  it('samples max_results points evenly per run, keeping the first and last', async () => {
    const long = await runWithSteps(Array.from({ length: 101 }, (_, i) => i));
    const short = await runWithSteps([0, 1, 2]);
    const result = await t.store.getMetricHistoryBulkInterval({ runIds: [long, short], key: 'loss', maxResults: 5 });
    expect(result.filter((m) => m.runId === long).map((m) => m.step)).toEqual([0, 25, 50, 75, 100]);
    expect(result.filter((m) => m.runId === short).map((m) => m.step)).toEqual([0, 1, 2]);

    const sampled = await t.store.getMetricHistoryBulkInterval({ runIds: [long], key: 'loss', maxResults: 7 });
    expect(sampled).toHaveLength(7);
    expect(sampled[0]?.step).toBe(0);
    expect(sampled[6]?.step).toBe(100);
    const one = await t.store.getMetricHistoryBulkInterval({ runIds: [long], key: 'loss', maxResults: 1 });
    expect(one.map((m) => m.step)).toEqual([0]);
  });

  it('ignores unknown runs and other keys', async () => {
    const a = await runWithSteps([0, 1]);
    await t.store.logBatch(a, { ...empty, metrics: [{ key: 'acc', value: 1, timestamp: 1, step: 7 }] });
    const result = await t.store.getMetricHistoryBulkInterval({ runIds: [newRunId(), a], key: 'loss', maxResults: 10 });
    expect(result.map((m) => m.step)).toEqual([0, 1]);
    expect(await t.store.getMetricHistoryBulkInterval({ runIds: [newRunId()], key: 'loss', maxResults: 10 })).toEqual([]);
  });
});
