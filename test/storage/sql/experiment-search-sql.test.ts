import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { selectExperimentIds } from '../../../src/storage/sql/experiment-search-sql.js';
import { parseExperimentFilter } from '../../../src/domain/tracking/search/parse-experiment-filter.js';
import { parseExperimentOrderBy } from '../../../src/domain/tracking/search/parse-order-by.js';
import type { ViewType } from '../../../src/domain/tracking/types.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { insertExperiment } from './search-fixtures.js';

interface Options {
  orderBy?: string[];
  viewType?: ViewType;
  offset?: number;
  limit?: number;
}

describe.each(backends)('experiment search SQL on %s', (backend) => {
  let database: SqlDatabase;
  const names = new Map<number, string>();

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    names.set(0, 'Default');
    const rows = [
      { name: 'fraud-a', created: 100, updated: 400, tags: { team: 'Risk', tier: '1' } },
      { name: 'Fraud-B', created: 200, updated: 300, tags: { team: 'risk' } },
      { name: 'churn', created: 300, updated: 300 },
      { name: 'old', created: 50, updated: 60, stage: 'deleted' as const, tags: { team: 'risk' } },
    ];
    for (const row of rows) names.set(await insertExperiment(database.db, row), row.name);
  });

  afterAll(async () => {
    await database?.close();
  });

  // The Default experiment (created by the migration) is left out unless a test asks for it.
  async function find(filter: string, options: Options = {}): Promise<string[]> {
    const ids = await selectExperimentIds(database.db, database.dialect, {
      filter: parseExperimentFilter(filter === '' ? "name != 'Default'" : `name != 'Default' AND ${filter}`),
      viewType: options.viewType ?? 'ACTIVE_ONLY',
      orderBy: parseExperimentOrderBy(options.orderBy ?? []),
      offset: options.offset ?? 0,
      limit: options.limit ?? 100,
    });
    return ids.map((id) => names.get(id) ?? `unknown ${id}`);
  }

  it('lists the most recently updated first, ties broken by the newest id', async () => {
    expect(await find('')).toEqual(['fraud-a', 'churn', 'Fraud-B']);
  });

  it('includes the Default experiment the migration creates', async () => {
    const ids = await selectExperimentIds(database.db, database.dialect, {
      filter: parseExperimentFilter("name = 'Default'"), viewType: 'ACTIVE_ONLY', orderBy: parseExperimentOrderBy([]), offset: 0, limit: 10,
    });
    expect(ids).toEqual([0]);
  });

  it('honours the view type', async () => {
    expect(await find('', { viewType: 'DELETED_ONLY' })).toEqual(['old']);
    expect(await find('', { viewType: 'ALL' })).toEqual(['fraud-a', 'churn', 'Fraud-B', 'old']);
  });

  it.each([
    ["name = 'churn'", ['churn']],
    ["attributes.name != 'churn'", ['fraud-a', 'Fraud-B']],
    ["name LIKE 'fraud%'", ['fraud-a']],
    ["name LIKE 'F%'", ['Fraud-B']],
    ["name ILIKE 'FRAUD-_'", ['fraud-a', 'Fraud-B']],
    ['creation_time = 200', ['Fraud-B']],
    ['creation_time != 200', ['fraud-a', 'churn']],
    ['creation_time > 100', ['churn', 'Fraud-B']],
    ['creation_time >= 200', ['churn', 'Fraud-B']],
    ['creation_time < 300', ['fraud-a', 'Fraud-B']],
    ['creation_time <= 100', ['fraud-a']],
    ['last_update_time > 300', ['fraud-a']],
    ['last_update_time < 300.5', ['churn', 'Fraud-B']],
    ["tags.team = 'risk'", ['Fraud-B']],
    ["tags.team != 'risk'", ['fraud-a']],
    ["tags.team LIKE 'R%'", ['fraud-a']],
    ["tags.team ILIKE 'RISK'", ['fraud-a', 'Fraud-B']],
    ["tags.team ILIKE 'risk' AND tags.tier = '1'", ['fraud-a']],
    ["tags.missing != 'x'", []],
  ])('filters experiments: %s', async (filter, expected) => {
    expect(await find(filter)).toEqual(expected);
  });

  it.each([
    ['name', ['Fraud-B', 'churn', 'fraud-a']],
    ['name DESC', ['fraud-a', 'churn', 'Fraud-B']],
    ['creation_time', ['fraud-a', 'Fraud-B', 'churn']],
    ['attributes.creation_time DESC', ['churn', 'Fraud-B', 'fraud-a']],
    ['last_update_time ASC', ['churn', 'Fraud-B', 'fraud-a']],
    ['experiment_id', ['fraud-a', 'Fraud-B', 'churn']],
  ])('orders by %s', async (orderBy, expected) => {
    expect(await find('', { orderBy: [orderBy] })).toEqual(expected);
  });

  it('pages through the ordered result with offset and limit', async () => {
    expect(await find('', { orderBy: ['name'], limit: 2 })).toEqual(['Fraud-B', 'churn']);
    expect(await find('', { orderBy: ['name'], limit: 2, offset: 2 })).toEqual(['fraud-a']);
    expect(await find('', { orderBy: ['name'], limit: 2, offset: 3 })).toEqual([]);
  });
});
