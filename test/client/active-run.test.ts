import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const hour = 3_600_000;

describe('ActiveRun', () => {
  let server: TestServer;
  let client: CairnClient;
  /** Sizes of the metric batches the SDK sent, in order. */
  let batches: number[];

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({
      url: server.url,
      fetch: async (input, init) => {
        if (String(input).endsWith('/batch') && typeof init?.body === 'string') {
          const metrics = (JSON.parse(init.body) as { metrics: unknown[] }).metrics;
          if (metrics.length > 0) batches.push(metrics.length);
        }
        return fetch(input, init);
      },
    });
  });
  afterAll(() => server.close());

  const metricCount = async (runId: string, key: string) => (await client.runs.getMetricHistory(runId, key)).length;

  it('keeps metrics client-side until flushed, then sends them', async () => {
    batches = [];
    const run = await client.startRun({ flushIntervalMs: hour, captureCodeVersion: false });
    for (let step = 0; step < 5; step++) run.logMetric('loss', 1 / (step + 1), { step });
    expect(await metricCount(run.runId, 'loss')).toBe(0);
    await run.flush();
    expect(await metricCount(run.runId, 'loss')).toBe(5);
    expect(batches).toEqual([5]);
    await run.end();
  });

  it('starts a flush in the background whenever the buffer is full', async () => {
    batches = [];
    const run = await client.startRun({ flushIntervalMs: hour, maxBufferSize: 10, captureCodeVersion: false });
    for (let step = 0; step < 25; step++) run.logMetric('x', step, { step });
    await run.flush();
    expect(batches).toEqual([10, 10, 5]);
    expect(await metricCount(run.runId, 'x')).toBe(25);
    await run.end();
  });

  it('flushes on its timer without being asked', async () => {
    const run = await client.startRun({ flushIntervalMs: 20, captureCodeVersion: false });
    run.logMetrics({ a: 1, b: 2 }, { step: 1 });
    await vi.waitFor(async () => expect(await metricCount(run.runId, 'b')).toBe(1), { timeout: 10_000, interval: 25 });
    await run.end();
  });

  it('splits a large buffer into batches the server accepts', async () => {
    batches = [];
    const run = await client.startRun({ flushIntervalMs: hour, maxBufferSize: 5000, captureCodeVersion: false });
    for (let step = 0; step < 2500; step++) run.logMetric('big', step, { step });
    await run.flush();
    expect(batches).toEqual([1000, 1000, 500]);
    await run.end();
  });

  it('sends buffered metrics on end and finishes the run', async () => {
    const run = await client.startRun({ flushIntervalMs: hour, captureCodeVersion: false });
    for (let step = 0; step < 3; step++) run.logMetric('acc', step / 3, { step });
    const ended = await run.end();
    expect(ended.info.status).toBe('FINISHED');
    expect(ended.info.endTime).toBeGreaterThan(0);
    expect(ended.data.metrics).toEqual([expect.objectContaining({ key: 'acc', step: 2 })]);
    expect(await metricCount(run.runId, 'acc')).toBe(3);
    expect(() => run.logMetric('acc', 1)).toThrow(/has ended/);
  });

  it('ends with the given status', async () => {
    const run = await client.startRun({ captureCodeVersion: false });
    expect((await run.end('FAILED')).info.status).toBe('FAILED');
  });

  it('logs params and tags at once and rejects a changed param on the call that changed it', async () => {
    const run = await client.startRun({ flushIntervalMs: hour, captureCodeVersion: false });
    await run.logParams({ depth: 6, lr: 0.1 });
    await run.logParam('depth', 6);
    await expect(run.logParam('depth', 7)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await run.setTag('stage', 'tuning');
    const { data } = await client.runs.get(run.runId);
    expect(data.params).toEqual([
      { key: 'depth', value: '6' },
      { key: 'lr', value: '0.1' },
    ]);
    expect(data.tags).toContainEqual({ key: 'stage', value: 'tuning' });
    await run.end();
  });

  it('reports a failed background flush to onError and from the next flush', async () => {
    const errors: unknown[] = [];
    const run = await client.startRun({ flushIntervalMs: hour, captureCodeVersion: false, onError: (e) => errors.push(e) });
    await client.runs.delete(run.runId);
    run.logMetric('lost', 1);
    await expect(run.flush()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(errors).toHaveLength(1);
    await client.runs.restore(run.runId);
    await run.flush();
    await run.end();
  });

  it('logs into an experiment named by the caller, creating it once', async () => {
    const first = await client.startRun({ experimentName: 'named-by-sdk', captureCodeVersion: false });
    const second = await client.startRun({ experimentName: 'named-by-sdk', captureCodeVersion: false });
    expect(second.run.info.experimentId).toBe(first.run.info.experimentId);
    expect((await client.experiments.get(first.run.info.experimentId)).name).toBe('named-by-sdk');
    await Promise.all([first.end(), second.end()]);
  });

  it('refuses to log into a deleted experiment named by the caller', async () => {
    const { experimentId } = await client.experiments.create('deleted-target');
    await client.experiments.delete(experimentId);
    await expect(client.startRun({ experimentName: 'deleted-target' })).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
