import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../../src/domain/predictions/prediction.js';
import type { StoredDeployment } from '../../src/domain/deployments/deployment.js';
import { PredictionLogWriter } from '../../src/runtime/prediction-log-writer.js';
import { openDatabase, type SqlDatabase } from '../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../src/storage/sql/deployment-sql-store.js';
import { PredictionSqlStore } from '../../src/storage/sql/prediction-sql-store.js';
import { backends, freshDatabaseUrl } from '../support/backends.js';
import { loggedSpec, predictionRecord } from '../support/prediction-records.js';
import { testAudit } from '../support/test-audit.js';

/** The real store, whose inserts wait until the test opens the gate: the database is real, only its pace is held. */
function gatedStore(store: PredictionSqlStore) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started!: () => void;
  const firstInsert = new Promise<void>((resolve) => (started = resolve));
  return {
    firstInsert,
    open: () => open(),
    async insert(records: readonly PredictionRecord[]) {
      started();
      await gate;
      await store.insert(records);
    },
  };
}

describe.each(backends)('prediction log writer on %s', (backend) => {
  let database: SqlDatabase;
  let store: PredictionSqlStore;
  let deployments: DeploymentSqlStore;

  async function deployment(name: string): Promise<StoredDeployment> {
    await deployments.create(await deployments.projectId('default'), name, { spec: loggedSpec(), actor: 'ada', comment: '', time: 1 });
    return (await deployments.get(name))!;
  }
  const stored = async (d: StoredDeployment) => (await store.list(d.id, { limit: 10_000 })).map((p) => p.id).sort();

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    deployments = new DeploymentSqlStore(database.db, testAudit(database).audit);
    store = new PredictionSqlStore(database.db, database.dialect);
  });
  afterAll(() => database.close());

  it('writes every record when the queue has room, in batches', async () => {
    const d = await deployment('roomy');
    const writer = new PredictionLogWriter({ store, capacity: 1_000, batchSize: 7 });
    const records = Array.from({ length: 100 }, (_, i) => predictionRecord(d, i));
    for (const r of records) writer.record(r);
    await writer.flush();
    expect(await stored(d)).toEqual(records.map((r) => r.id).sort());
    expect(writer.dropped).toBe(0);
    expect(writer.queued).toBe(0);
  });

  it('drops and counts what does not fit while a slow write holds the queue, without blocking the caller', async () => {
    const fast = await deployment('slow-a');
    const other = await deployment('slow-b');
    const gated = gatedStore(store);
    const metrics = new Registry();
    const writer = new PredictionLogWriter({ store: gated, capacity: 10, batchSize: 4, metrics });
    const accepted: PredictionRecord[] = [];
    // The 4th record fills a batch and starts a write that waits on the gate.
    for (let i = 0; i < 4; i += 1) accepted.push(predictionRecord(fast, i));
    accepted.forEach((r) => writer.record(r));
    await gated.firstInsert;
    // 6 more fit beside the 4 in flight; the next 5 are dropped.
    for (let i = 0; i < 6; i += 1) accepted.push(predictionRecord(fast, 100 + i));
    accepted.slice(4).forEach((r) => writer.record(r));
    for (let i = 0; i < 3; i += 1) writer.record(predictionRecord(fast, 200 + i));
    for (let i = 0; i < 2; i += 1) writer.record(predictionRecord(other, 300 + i));
    expect(writer.queued).toBe(10);
    expect(writer.dropped).toBe(5);
    expect(writer.droppedFor('slow-a')).toBe(3);
    expect(writer.droppedFor('slow-b')).toBe(2);
    const text = await metrics.metrics();
    expect(text).toContain('cairn_prediction_log_dropped_total{deployment="slow-a"} 3');
    expect(text).toContain('cairn_prediction_log_dropped_total{deployment="slow-b"} 2');
    expect(text).toContain('cairn_prediction_log_queued 10');

    gated.open();
    await writer.flush();
    expect(await stored(fast)).toEqual(accepted.map((r) => r.id).sort());
    expect(await stored(other)).toEqual([]);
    expect(writer.queued).toBe(0);
    expect(await metrics.metrics()).toContain('cairn_prediction_log_queued 0');
  });

  it('counts the records of a failed write as dropped and keeps writing afterwards', async () => {
    const d = await deployment('failing');
    const errors: number[] = [];
    let fail = true;
    const flaky = {
      insert: async (records: readonly PredictionRecord[]) => {
        if (fail) throw new Error('database unavailable');
        await store.insert(records);
      },
    };
    const writer = new PredictionLogWriter({ store: flaky, batchSize: 10, onError: (_error, records) => errors.push(records) });
    for (let i = 0; i < 3; i += 1) writer.record(predictionRecord(d, i));
    await writer.flush();
    expect(errors).toEqual([3]);
    expect(writer.droppedFor('failing')).toBe(3);
    fail = false;
    const later = predictionRecord(d, 10);
    writer.record(later);
    await writer.flush();
    expect(await stored(d)).toEqual([later.id]);
  });

  it('writes what is queued on close, and drops what comes after', async () => {
    const d = await deployment('closing');
    const writer = new PredictionLogWriter({ store, batchSize: 100 });
    writer.start();
    const queued = predictionRecord(d, 1);
    writer.record(queued);
    await writer.close();
    writer.record(predictionRecord(d, 2));
    expect(await stored(d)).toEqual([queued.id]);
    expect(writer.dropped).toBe(1);
  });

  it('never throws from record, even for a record it cannot hold', () => {
    const writer = new PredictionLogWriter({ store, capacity: 1 });
    const bad = { deployment: 'x' } as unknown as PredictionRecord;
    expect(() => {
      writer.record(bad);
      writer.record(bad);
    }).not.toThrow();
    expect(writer.dropped).toBe(1);
  });
});
