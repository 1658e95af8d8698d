import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReference } from '../../../src/domain/monitoring/reference-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { ReferenceSqlStore } from '../../../src/storage/sql/reference-sql-store.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';

const reference = (monitorId: number, overrides: Partial<NewReference> = {}): NewReference => ({
  monitorId,
  projectId: 1,
  source: 'upload',
  description: 'train.csv',
  rows: 3,
  createdTime: 1_000,
  createdBy: 'ada',
  columnTypes: {},
  profile: { rows: 3, columns: [{ name: 'c', type: 'categorical', count: 3, missing: 0, distinct: 1, values: [{ value: 'a', count: 3 }], otherCount: 0, newShare: null }] },
  layout: { version: 1, columns: [{ name: 'c', type: 'categorical', categories: ['a'] }] },
  sketch: { rows: 3, columns: [{ name: 'c', type: 'categorical', values: [['a', 3]], missing: 0 }] },
  ...overrides,
});

describe.each(backends)('reference store on %s', (backend) => {
  let database: SqlDatabase;
  let store: ReferenceSqlStore;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    store = new ReferenceSqlStore(database.db, testAudit(database).audit);
  });
  afterAll(() => database.close());

  it('stores a reference with its summaries and reads it back', async () => {
    const summary = await store.set(reference(7));
    const { projectId: _p, columnTypes, layout, sketch, ...expected } = reference(7);
    expect(summary).toEqual(expected);
    expect(await store.get(7)).toEqual({ reference: expected, columnTypes, layout, sketch });
    expect(await store.get(8)).toBeNull();
  });

  it("keeps a lineage reference's model version and the column types it was set with", async () => {
    const lineage = reference(12, { source: 'lineage', modelVersion: { model: 'scorer', version: 3 }, columnTypes: { zip: 'categorical' } });
    expect(await store.set(lineage)).toMatchObject({ modelVersion: { model: 'scorer', version: 3 } });
    expect(await store.get(12)).toMatchObject({ reference: { source: 'lineage', modelVersion: { model: 'scorer', version: 3 } }, columnTypes: { zip: 'categorical' } });
  });

  it('replaces the last reference and audits each set in the monitor project', async () => {
    await store.set(reference(9));
    await store.set(reference(9, { source: 'predictions', description: 'range', rows: 10, createdTime: 2_000 }));
    expect((await store.get(9))?.reference).toMatchObject({ source: 'predictions', description: 'range', rows: 10, createdTime: 2_000 });
    const events = await database.db.selectFrom('audit_events').select(['details', 'resource_id', 'project_id']).where('action', '=', 'monitor.reference.set').where('resource_id', '=', '9').orderBy('seq').execute();
    expect(events.map((e) => [JSON.parse(e.details), Number(e.project_id)])).toEqual([
      [{ monitorId: 9, source: 'upload', description: 'train.csv', rows: 3 }, 1],
      [{ monitorId: 9, source: 'predictions', description: 'range', rows: 10 }, 1],
    ]);
  });
});
