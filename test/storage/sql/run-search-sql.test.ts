import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { selectRunIds, type RunSearchTuning } from '../../../src/storage/sql/run-search-sql.js';
import { parseRunFilter } from '../../../src/domain/tracking/search/parse-run-filter.js';
import { parseRunOrderBy } from '../../../src/domain/tracking/search/parse-order-by.js';
import type { ViewType } from '../../../src/domain/tracking/types.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { insertExperiment, insertRuns } from './search-fixtures.js';

interface Options {
  orderBy?: string[];
  viewType?: ViewType;
  experiments?: number[];
  offset?: number;
  limit?: number;
  tuning?: RunSearchTuning;
}

// Each forces one of the plans selectRunIds chooses between; all must give the same pages.
const plans: Record<string, RunSearchTuning> = {
  'a selective filter first': { selective: Number.MAX_SAFE_INTEGER, minWindow: 1, windowPerRow: 1 },
  'an unbounded walk of the order key': { selective: 0, minWindow: Number.MAX_SAFE_INTEGER, windowPerRow: 1 },
  'a one-entry window, then the fallback': { selective: 0, minWindow: 1, windowPerRow: 0 },
};

describe.each(backends)('run search SQL on %s', (backend) => {
  let database: SqlDatabase;
  let uuids: Map<number, string>;
  let vision: number;
  let other: number;
  let ties: number;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    const { db } = database;
    vision = await insertExperiment(db, { name: 'vision' });
    other = await insertExperiment(db, { name: 'other' });
    ties = await insertExperiment(db, { name: 'ties' });
    uuids = await insertRuns(db, [
      {
        uuid: 'r1', experimentId: vision, name: 'Alpha', user: 'ann', status: 'FINISHED', start: 1000, end: 2000,
        metrics: { acc: 0.9, loss: 0.3 }, params: { model: 'CNN', lr: '0.01', path: 'a_b' }, tags: { team: 'Vision', owner: 'x' },
        inputs: [{ name: 'train-set', digest: 'd1', context: 'training' }],
      },
      {
        uuid: 'r2', experimentId: vision, name: 'beta', user: 'bob', status: 'RUNNING', start: 2000, end: null,
        metrics: { acc: 0.5 }, params: { model: 'cnn', lr: '0.1', path: 'axb' }, tags: { team: 'vision' },
        inputs: [{ name: 'eval_set', digest: 'd2', context: 'eval' }, { name: 'Train-Set', digest: 'd3' }],
      },
      {
        uuid: 'r3', experimentId: vision, name: 'gamma', user: 'ann', status: 'FAILED', start: 3000, end: 3500,
        metrics: { loss: Number.NaN }, params: { model: 'rnn' }, tags: { owner: 'y' },
      },
      { uuid: 'r4', experimentId: vision, name: 'delta', start: 4000, stage: 'deleted', metrics: { acc: 0.7 } },
      { uuid: 'r5', experimentId: other, name: 'eps', start: 5000, metrics: { acc: 0.95 } },
      { uuid: 't-c', experimentId: ties, start: 7000 },
      { uuid: 't-a', experimentId: ties, start: 7000 },
      { uuid: 't-b', experimentId: ties, start: 7000 },
    ]);
  });

  afterAll(async () => {
    await database?.close();
  });

  async function find(filter: string, options: Options = {}): Promise<string[]> {
    const ids = await selectRunIds(database.db, database.dialect, {
      experimentIds: (options.experiments ?? [vision]).map(String),
      filter: parseRunFilter(filter),
      viewType: options.viewType ?? 'ACTIVE_ONLY',
      orderBy: parseRunOrderBy(options.orderBy ?? []),
      offset: options.offset ?? 0,
      limit: options.limit ?? 100,
    }, options.tuning);
    return ids.map((id) => uuids.get(id) ?? `unknown ${id}`);
  }

  it('returns active runs of the given experiments, newest first', async () => {
    expect(await find('')).toEqual(['r3', 'r2', 'r1']);
    expect(await find('', { experiments: [vision, other] })).toEqual(['r5', 'r3', 'r2', 'r1']);
  });

  it('returns nothing for an empty experiment list or ids that cannot exist', async () => {
    expect(await find('', { experiments: [] })).toEqual([]);
    const ids = await selectRunIds(database.db, database.dialect, {
      experimentIds: ['abc'], filter: [], viewType: 'ALL', orderBy: [], offset: 0, limit: 10,
    });
    expect(ids).toEqual([]);
  });

  it('honours the view type', async () => {
    expect(await find('', { viewType: 'DELETED_ONLY' })).toEqual(['r4']);
    expect(await find('', { viewType: 'ALL' })).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect(await find("attributes.lifecycle_stage = 'deleted'", { viewType: 'ALL' })).toEqual(['r4']);
  });

  it.each([
    ['metrics.acc = 0.5', ['r2']],
    ['metrics.acc != 0.5', ['r1']],
    ['metrics.acc > 0.5', ['r1']],
    ['metrics.acc >= 0.5', ['r2', 'r1']],
    ['metrics.acc < 0.9', ['r2']],
    ['metrics.acc <= 0.9', ['r2', 'r1']],
  ])('compares the latest metric value: %s', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it('never matches runs that lack the metric, whatever the comparator', async () => {
    expect(await find('metrics.acc != 123')).toEqual(['r2', 'r1']);
    expect(await find('metrics.missing < 1e300')).toEqual([]);
  });

  it('treats NaN as different from every number and comparable to none', async () => {
    expect(await find('metrics.loss != 0.3')).toEqual(['r3']);
    expect(await find('metrics.loss >= -1e300')).toEqual(['r1']);
    expect(await find('metrics.loss = 0')).toEqual([]);
  });

  it('combines clauses with AND, including two bounds on one metric', async () => {
    expect(await find("metrics.acc > 0.4 AND params.model ILIKE 'cnn'")).toEqual(['r2', 'r1']);
    expect(await find('metrics.acc > 0.4 and metrics.acc < 0.8')).toEqual(['r2']);
    expect(await find("metrics.acc > 0.4 AND params.model = 'CNN' AND tags.team = 'Vision'")).toEqual(['r1']);
  });

  it.each([
    ["params.model = 'cnn'", ['r2']],
    ["params.model != 'cnn'", ['r3', 'r1']],
    ["params.model LIKE 'c%'", ['r2']],
    ["params.model LIKE 'C%'", ['r1']],
    ["params.model ILIKE 'c%'", ['r2', 'r1']],
    ["params.model ILIKE '%NN'", ['r3', 'r2', 'r1']],
    ["params.path LIKE 'a_b'", ['r2', 'r1']],
    ["params.path LIKE 'a\\_b'", ['r1']],
    ["tags.team = 'vision'", ['r2']],
    ["tags.team != 'vision'", ['r1']],
    ["tags.team LIKE 'V%'", ['r1']],
    ["tags.team ILIKE 'VISION'", ['r2', 'r1']],
    ["tags.owner = 'y'", ['r3']],
  ])('matches params and tags case-sensitively except with ILIKE: %s', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it.each([
    ["attributes.run_id = 'r2'", ['r2']],
    ["run_id != 'r2'", ['r3', 'r1']],
    ["run_id IN ('r1', 'r3', 'r5')", ['r3', 'r1']],
    ["run_id NOT IN ('r1', 'r3')", ['r2']],
    ["run_id LIKE 'r%'", ['r3', 'r2', 'r1']],
    ["run_name = 'Alpha'", ['r1']],
    ["\"run name\" LIKE 'a%'", []],
    ["`Run name` ILIKE 'a%'", ['r1']],
    ["status = 'RUNNING'", ['r2']],
    ["status != 'RUNNING'", ['r3', 'r1']],
    ["user_id = 'ann'", ['r3', 'r1']],
    ["artifact_uri LIKE '%/r2/artifacts'", ['r2']],
    ['start_time = 2000', ['r2']],
    ['start_time != 2000', ['r3', 'r1']],
    ['start_time > 2000', ['r3']],
    ['created >= 2000', ['r3', 'r2']],
    ['start_time < 2000', ['r1']],
    ['start_time <= 2000', ['r2', 'r1']],
    ['start_time > 1999.5', ['r3', 'r2']],
    ['start_time < 2000.5', ['r2', 'r1']],
    ['start_time = 2000.5', []],
    ['end_time > 0', ['r3', 'r1']],
    ['end_time != 2000', ['r3']],
  ])('filters on run attributes: %s', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it.each([
    ["datasets.name = 'train-set'", ['r1']],
    ["datasets.name != 'train-set'", ['r2']],
    ["datasets.name LIKE 'Train%'", ['r2']],
    ["datasets.name ILIKE 'train%'", ['r2', 'r1']],
    ["datasets.name IN ('eval_set', 'nope')", ['r2']],
    ["datasets.name NOT IN ('eval_set', 'Train-Set')", ['r1']],
    ["datasets.digest = 'd3'", ['r2']],
    ["datasets.context = 'training'", ['r1']],
    ["datasets.context IN ('eval', 'training')", ['r2', 'r1']],
    ["datasets.context ILIKE 'EV%'", ['r2']],
  ])('filters on dataset inputs: %s', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it.each([
    ['metrics.acc', ['r2', 'r1', 'r3']],
    ['metrics.acc DESC', ['r1', 'r2', 'r3']],
    ['metrics.loss', ['r1', 'r3', 'r2']],
    ['metrics.loss DESC', ['r1', 'r3', 'r2']],
    ['params.lr', ['r1', 'r2', 'r3']],
    ['params.lr DESC', ['r2', 'r1', 'r3']],
    ['tags.team', ['r1', 'r2', 'r3']],
    ['tags.team DESC', ['r2', 'r1', 'r3']],
    ['end_time', ['r1', 'r3', 'r2']],
    ['attributes.end_time DESC', ['r3', 'r1', 'r2']],
    ['run_name', ['r1', 'r2', 'r3']],
    ['created ASC', ['r1', 'r2', 'r3']],
    ['status DESC', ['r2', 'r1', 'r3']],
  ])('orders by %s with missing values (then NaN) last', async (orderBy, expected) => {
    expect(await find('', { orderBy: [orderBy] })).toEqual(expected);
  });

  it('orders by a metric that is also filtered on', async () => {
    expect(await find('metrics.acc > 0.4', { orderBy: ['metrics.acc'] })).toEqual(['r2', 'r1']);
  });

  it('applies later order keys to ties of earlier ones', async () => {
    expect(await find('', { orderBy: ['user_id', 'start_time'] })).toEqual(['r1', 'r3', 'r2']);
  });

  it('breaks start_time ties by run id', async () => {
    expect(await find('', { experiments: [ties] })).toEqual(['t-a', 't-b', 't-c']);
    expect(await find('', { experiments: [ties], orderBy: ['run_id DESC'] })).toEqual(['t-c', 't-b', 't-a']);
  });

  it('pages through the ordered result with offset and limit', async () => {
    const all = ['r5', 'r3', 'r2', 'r1'];
    const experiments = [vision, other];
    expect(await find('', { experiments, limit: 2 })).toEqual(all.slice(0, 2));
    expect(await find('', { experiments, limit: 2, offset: 2 })).toEqual(all.slice(2));
    expect(await find('', { experiments, limit: 2, offset: 4 })).toEqual([]);
    expect(await find('', { experiments, limit: 0 })).toEqual([]);
  });

  describe.each(Object.entries(plans))('planned with %s', (_, tuning) => {
    const cases: [string, string[]][] = [
      ['', ['metrics.loss']],
      ['', ['metrics.loss DESC']],
      ['', ['metrics.acc DESC', 'user_id']],
      ['metrics.acc > 0.4', ['metrics.acc']],
      ["params.model ILIKE '%nn'", ['params.lr DESC']],
      ["tags.team != 'x'", ['tags.owner']],
      ["run_id IN ('r1', 'r2')", ['metrics.loss']],
      ["params.model = 'rnn'", ['metrics.loss DESC']],
      ['', []],
      ["user_id = 'ann'", ['end_time DESC']],
    ];

    it.each(cases)('returns the same runs for %j ordered by %j', async (filter, orderBy) => {
      expect(await find(filter, { orderBy, tuning })).toEqual(await find(filter, { orderBy }));
    });

    it.each(cases)('pages through %j ordered by %j without gaps or repeats', async (filter, orderBy) => {
      const all = await find(filter, { orderBy, tuning });
      for (const limit of [1, 2]) {
        for (let offset = 0; offset <= all.length; offset += 1) {
          expect(await find(filter, { orderBy, tuning, offset, limit })).toEqual(all.slice(offset, offset + limit));
        }
      }
    });
  });
});
