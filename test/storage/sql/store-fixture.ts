import { afterEach, beforeEach } from 'vitest';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { TrackingSqlStore } from '../../../src/storage/sql/tracking-sql-store.js';
import type { NewRun } from '../../../src/domain/tracking/tracking-store.js';
import { parseMetricHistoryJson } from '../../../src/domain/tracking/tracking-search.js';
import type { Metric } from '../../../src/domain/tracking/types.js';
import { freshDatabaseUrl, type Backend } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';

export interface StoreFixture {
  store: TrackingSqlStore;
  database: SqlDatabase;
}

/** A new store on an empty database of `backend` for every test of the calling suite. */
export function useStore(backend: Backend): StoreFixture {
  const fixture = {} as StoreFixture;
  beforeEach(async () => {
    fixture.database = await openDatabase(await freshDatabaseUrl(backend));
    fixture.store = new TrackingSqlStore(fixture.database.db, fixture.database.dialect, testAudit(fixture.database).audit);
  });
  afterEach(async () => {
    await fixture.database.close();
  });
  return fixture;
}

let counter = 0;

/** A run id in the stored 32-hex format, distinct within the test process. */
export function newRunId(): string {
  counter += 1;
  return `${process.pid.toString(16)}${counter.toString(16)}`.padStart(32, '0');
}

export async function createRun(store: TrackingSqlStore, overrides: Partial<NewRun> = {}): Promise<string> {
  const runId = overrides.runId ?? newRunId();
  await store.createRun({
    runId,
    experimentId: '0',
    userId: 'ada',
    runName: 'brave-owl-1',
    startTime: 1_700_000_000_000,
    artifactUri: `mlflow-artifacts:/0/${runId}/artifacts`,
    tags: [],
    ...overrides,
  });
  return runId;
}

export function newExperiment(name: string, now = 1_700_000_000_000) {
  return { name, artifactLocationFor: (id: string) => `mlflow-artifacts:/${id}`, tags: [], now };
}

/** A page of a metric's history as objects, read through the store's JSON form. */
export async function readHistory(store: TrackingSqlStore, runId: string, key: string, page: { offset: number; limit?: number }): Promise<Metric[]> {
  return parseMetricHistoryJson((await store.getMetricHistoryJson(runId, key, page)).json);
}
