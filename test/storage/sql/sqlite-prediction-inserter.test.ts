import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDeployment } from '../../../src/domain/deployments/deployment.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { PredictionSqlStore } from '../../../src/storage/sql/prediction-sql-store.js';
import { toLoggedTensors } from '../../../src/domain/serving/logged-tensor.js';
import { SqlitePredictionInserter } from '../../../src/storage/sql/sqlite-prediction-inserter.js';
import { freshDatabaseUrl } from '../../support/backends.js';
import { loggedSpec, predictionRecord } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';

// SQLite only: on Postgres the log is written by the store itself, asynchronously (app.ts).
describe('prediction log written from a worker thread (SQLite)', () => {
  let database: SqlDatabase;
  let store: PredictionSqlStore;
  let deployment: StoredDeployment;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl('sqlite'));
    const deployments = new DeploymentSqlStore(database.db, testAudit(database).audit);
    await deployments.create(await deployments.projectId('default'), 'worker-written', { spec: loggedSpec(), actor: 'ada', comment: '', time: 1 });
    deployment = (await deployments.get('worker-written'))!;
    store = new PredictionSqlStore(database.db, database.dialect);
  });
  afterAll(() => database.close());

  it('writes batches the main connection reads back whole, ignoring an id written before', async () => {
    const inserter = new SqlitePredictionInserter(database.sqliteFile!, store);
    const records = Array.from({ length: 250 }, (_, i) => predictionRecord(deployment, 10_000 + i));
    await Promise.all([inserter.insert(records.slice(0, 100)), inserter.insert(records.slice(100))]);
    await inserter.insert([{ ...records[0]!, latencyMs: 99 }]);
    await inserter.stop();
    const first = await store.get(records[0]!.id);
    expect(first).toMatchObject({ id: records[0]!.id, deployment: 'worker-written', latencyMs: 1.25, inputs: toLoggedTensors(records[0]!.inputs), outputs: toLoggedTensors(records[0]!.outputs) });
    expect((await store.list(deployment.id, { limit: 500 })).length).toBe(250);
  });

  it.runIf(existsSync('/proc/thread-self'))('runs its worker at a lower scheduling priority than the event loop (Linux)', async () => {
    const before = niceThreads();
    const inserter = new SqlitePredictionInserter(database.sqliteFile!, store);
    await inserter.insert([predictionRecord(deployment, 30_000)]);
    const during = niceThreads();
    await inserter.stop();
    expect(during - before).toBe(1);
  });

  it('hands batches to the main connection once its worker has stopped or could not open the file', async () => {
    const stopped = new SqlitePredictionInserter(database.sqliteFile!, store);
    await stopped.stop();
    const late = predictionRecord(deployment, 20_000);
    await stopped.insert([late]);
    expect(await store.get(late.id)).not.toBeNull();

    const broken = new SqlitePredictionInserter(`${database.sqliteFile!}.missing`, store);
    const orphan = predictionRecord(deployment, 30_000);
    // The first batch may reach the worker before it reports its failure: refused, never lost silently.
    await broken.insert([predictionRecord(deployment, 29_000)]).catch((error: Error) => expect(error.message).toMatch(/prediction log worker/));
    await broken.insert([orphan]);
    expect(await store.get(orphan.id)).not.toBeNull();
    await broken.stop();
  });
});

/** Threads of this process running at nice 10 or more (field 19 of /proc/<pid>/task/<tid>/stat). */
function niceThreads(): number {
  return readdirSync('/proc/self/task').filter((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]) >= 10;
  }).length;
}
