import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnApiError, CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('CairnClient', () => {
  let server: TestServer;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: `${server.url}/` });
  });
  afterAll(() => server.close());

  it('creates, renames, tags, deletes and restores experiments', async () => {
    const created = await client.experiments.create('sdk-experiment', { tags: { team: 'risk' } });
    expect(created.tags).toEqual([{ key: 'team', value: 'risk' }]);
    expect((await client.experiments.rename(created.experimentId, 'sdk-renamed')).name).toBe('sdk-renamed');
    expect((await client.experiments.setTag(created.experimentId, 'owner', 'ana')).tags).toContainEqual({ key: 'owner', value: 'ana' });
    expect((await client.experiments.deleteTag(created.experimentId, 'owner')).tags).toEqual([{ key: 'team', value: 'risk' }]);
    expect((await client.experiments.delete(created.experimentId)).lifecycleStage).toBe('deleted');
    expect((await client.experiments.restore(created.experimentId)).lifecycleStage).toBe('active');
    expect((await client.experiments.getByName('sdk-renamed'))?.experimentId).toBe(created.experimentId);
    expect(await client.experiments.getByName('no-such-experiment')).toBeUndefined();
  });

  it('turns error answers into CairnApiError with the code and status', async () => {
    await client.experiments.create('dup');
    const error = await client.experiments.create('dup').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnApiError);
    expect(error).toMatchObject({ code: 'ALREADY_EXISTS', status: 409 });
    await expect(client.runs.get('ffffffffffffffffffffffffffffffff')).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('reports an unreachable server as UNAVAILABLE', async () => {
    const nowhere = new CairnClient({ url: 'http://127.0.0.1:1' });
    await expect(nowhere.experiments.search()).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 0 });
  });

  it('sends the token as a bearer header', async () => {
    const seen: (string | null)[] = [];
    const spy = new CairnClient({
      url: server.url,
      token: 'secret-token',
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return fetch(input, init);
      },
    });
    await spy.experiments.get('0');
    expect(seen).toEqual(['Bearer secret-token']);
  });

  it('logs a batch, decodes non-finite values and reads a metric history across pages', async () => {
    const run = await client.runs.create({ runName: 'history', tags: { kind: 'test' } });
    const runId = run.info.runId;
    const metrics = Array.from({ length: 7 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step, timestamp: 1000 + step }));
    await client.runs.logBatch(runId, { metrics: [...metrics, { key: 'odd', value: Number.NaN }, { key: 'big', value: -Infinity }], params: { lr: 0.1 } });
    const history = await client.runs.getMetricHistory(runId, 'loss', { pageSize: 3 });
    expect(history.map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const latest = (await client.runs.get(runId)).data;
    expect(latest.metrics.find((m) => m.key === 'odd')?.value).toBeNaN();
    expect(latest.metrics.find((m) => m.key === 'big')?.value).toBe(-Infinity);
    expect(latest.params).toEqual([{ key: 'lr', value: '0.1' }]);
  });

  it('searches and iterates runs in order, ends, deletes and restores them', async () => {
    const { experimentId } = await client.experiments.create('sdk-search');
    for (const [name, score] of [['low', 1], ['high', 3], ['mid', 2]] as const) {
      const run = await client.runs.create({ experimentId, runName: name });
      await client.runs.logBatch(run.info.runId, { metrics: [{ key: 'score', value: score }] });
    }
    const names: string[] = [];
    for await (const run of client.runs.iterate({ experimentIds: [experimentId], orderBy: ['metrics.score DESC'], maxResults: 1 })) names.push(run.info.runName);
    expect(names).toEqual(['high', 'mid', 'low']);

    const page = await client.runs.search({ experimentIds: [experimentId], filter: 'metrics.score >= 2', orderBy: ['metrics.score'] });
    expect(page.runs.map((r) => r.info.runName)).toEqual(['mid', 'high']);
    const first = page.runs[0]!.info.runId;
    const ended = await client.runs.end(first, 'KILLED', 12345);
    expect(ended.info).toMatchObject({ status: 'KILLED', endTime: 12345 });
    expect((await client.runs.delete(first)).info.lifecycleStage).toBe('deleted');
    expect((await client.runs.restore(first)).info.lifecycleStage).toBe('active');
  });

  it('iterates experiments across pages', async () => {
    for (const name of ['iter-1', 'iter-2', 'iter-3']) await client.experiments.create(name);
    const names: string[] = [];
    for await (const e of client.experiments.iterate({ filter: "name LIKE 'iter-%'", orderBy: ['name'], maxResults: 2 })) names.push(e.name);
    expect(names).toEqual(['iter-1', 'iter-2', 'iter-3']);
  });
});
