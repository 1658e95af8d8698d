import { describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { createRun, newRunId, readHistory, useStore } from './store-fixture.js';

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
    const history = await readHistory(t.store, runId, 'loss', { offset: 0, limit: 100 });
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
    for (let offset = 0; offset < 30; offset += 10) pages.push(await readHistory(t.store, runId, 'loss', { offset, limit: 10 }));
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(metrics);
    expect(await readHistory(t.store, runId, 'loss', { offset: 25, limit: 10 })).toEqual([]);
  });

  it('keeps repeated points, and returns nothing for unknown keys or runs', async () => {
    const runId = await createRun(t.store);
    const point = { key: 'loss', value: 1, timestamp: 5, step: 0 };
    await t.store.logBatch(runId, { ...empty, metrics: [point, point] });
    expect(await readHistory(t.store, runId, 'loss', { offset: 0, limit: 10 })).toEqual([point, point]);
    expect(await readHistory(t.store, runId, 'acc', { offset: 0, limit: 10 })).toEqual([]);
    expect(await readHistory(t.store, newRunId(), 'loss', { offset: 0, limit: 10 })).toEqual([]);
  });
});

describe.each(backends)('metric history as JSON on %s', (backend) => {
  const t = useStore(backend);
  const wire = (json: Uint8Array) => JSON.parse(new TextDecoder().decode(json)) as { key: string; value: number | string; timestamp: number; step: number }[];

  it('writes each point in the wire form, with NaN and infinities as strings', async () => {
    const runId = await createRun(t.store);
    const values = [NaN, Infinity, -Infinity, 2.5];
    await t.store.logBatch(runId, { ...empty, metrics: values.map((value, step) => ({ key: 'odd', value, timestamp: 7, step })) });
    const page = await t.store.getMetricHistoryJson(runId, 'odd', { offset: 0 });
    expect(wire(page.json)).toEqual([
      { key: 'odd', value: 'NaN', timestamp: 7, step: 0 },
      { key: 'odd', value: 'Infinity', timestamp: 7, step: 1 },
      { key: 'odd', value: '-Infinity', timestamp: 7, step: 2 },
      { key: 'odd', value: 2.5, timestamp: 7, step: 3 },
    ]);
    expect(page).toMatchObject({ count: 4, more: false });
  });

  it('escapes the key and keeps non-ASCII characters in UTF-8', async () => {
    const runId = await createRun(t.store);
    const key = 'größe/"q"\\ ✓';
    await t.store.logBatch(runId, { ...empty, metrics: [{ key, value: 1, timestamp: 2, step: 3 }] });
    expect(wire((await t.store.getMetricHistoryJson(runId, key, { offset: 0 })).json)).toEqual([{ key, value: 1, timestamp: 2, step: 3 }]);
  });

  it('gives back every double exactly and integers up to 2^53 - 1', async () => {
    const runId = await createRun(t.store);
    const values = [0.1 + 0.2, 1 / 3, 1e-300, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** 53 + 2, 123456.789e10, Math.PI, -0.000123, 1e21, 1e-7, 0];
    const max = Number.MAX_SAFE_INTEGER;
    const metrics = values.map((value, i) => ({ key: 'precise', value, timestamp: max - i, step: max - values.length + i }));
    await t.store.logBatch(runId, { ...empty, metrics });
    const page = await t.store.getMetricHistoryJson(runId, 'precise', { offset: 0 });
    const points = wire(page.json);
    expect(points.map((p) => p.value)).toEqual(values);
    expect(points.map((p) => [p.timestamp, p.step])).toEqual(metrics.map((m) => [m.timestamp, m.step]));
  });

  it('tells whether points follow a limited page', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, metrics: [0, 1, 2, 3, 4].map((step) => ({ key: 'loss', value: step, timestamp: 1, step })) });
    const page = (offset: number, limit?: number) => t.store.getMetricHistoryJson(runId, 'loss', limit === undefined ? { offset } : { offset, limit });
    expect(await page(0, 2)).toMatchObject({ count: 2, more: true });
    expect(await page(2, 2)).toMatchObject({ count: 2, more: true });
    expect(await page(4, 2)).toMatchObject({ count: 1, more: false });
    expect(await page(0, 5)).toMatchObject({ count: 5, more: false });
    expect(wire((await page(3)).json).map((p) => p.step)).toEqual([3, 4]);
  });

  it('answers an empty array for no points, an unknown key or an unknown run', async () => {
    const runId = await createRun(t.store);
    await t.store.logBatch(runId, { ...empty, metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }] });
    const pages = [
      await t.store.getMetricHistoryJson(runId, 'acc', { offset: 0 }),
      await t.store.getMetricHistoryJson(runId, 'loss', { offset: 1, limit: 10 }),
      await t.store.getMetricHistoryJson(newRunId(), 'loss', { offset: 0 }),
    ];
    for (const page of pages) expect({ ...page, json: wire(page.json) }).toEqual({ json: [], count: 0, more: false });
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
