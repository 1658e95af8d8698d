import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDeployment } from '../../../src/domain/deployments/deployment.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { up as binaryPredictionTensors } from '../../../src/storage/sql/migrations/0017-binary-prediction-tensors.js';
import { PredictionSqlStore } from '../../../src/storage/sql/prediction-sql-store.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { loggedSpec, predictionRecord } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';

describe.each(backends)('prediction store on %s', (backend) => {
  let database: SqlDatabase;
  let deployments: DeploymentSqlStore;
  let store: PredictionSqlStore;

  async function deployment(name: string, retentionDays = 30): Promise<StoredDeployment> {
    await deployments.create(await deployments.projectId('default'), name, { spec: loggedSpec(retentionDays), actor: 'ada', comment: '', time: 1 });
    return (await deployments.get(name))!;
  }

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    deployments = new DeploymentSqlStore(database.db, testAudit(database).audit);
    store = new PredictionSqlStore(database.db, database.dialect);
  });
  afterAll(() => database.close());

  it('reads a logged prediction back whole, with its deployment and project names', async () => {
    const d = await deployment('read-back');
    const shadows = [
      { model: 'scorer', version: 2, latencyMs: 3.5, outputs: [{ name: 'label', datatype: 'BOOL', shape: [1], data: [true] }], error: null },
      { model: 'scorer', version: 3, latencyMs: 0.5, outputs: null, error: 'input: expected FP32' },
    ];
    const record = predictionRecord(d, 5_000, { revision: 2, version: 4, latencyMs: 2.75, shadows });
    await store.insert([record]);
    expect(await store.get(record.id)).toEqual({
      id: record.id,
      time: 5_000,
      deployment: 'read-back',
      project: 'default',
      revision: 2,
      model: 'scorer',
      version: 4,
      inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [0.5, -1] }],
      outputs: [{ name: 'label', datatype: 'INT64', shape: [1], data: ['9007199254740993'] }],
      latencyMs: 2.75,
      shadows,
      deploymentId: d.id,
      projectId: d.projectId,
    });
    expect(await store.get('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('stores the tensors in their binary form, and reads JSON text logged before it (migration 0017 on Postgres)', async () => {
    const d = await deployment('stored-forms');
    const record = predictionRecord(d, 6_000);
    await store.insert([record]);
    const stored = await database.db.selectFrom('predictions').select(['inputs', 'outputs']).where('id', '=', record.id).executeTakeFirstOrThrow();
    expect(stored.inputs).toBeInstanceOf(Uint8Array);
    expect((stored.inputs as Uint8Array)[0]).toBe(0);

    // A row as the log wrote it before 0017: JSON text (on Postgres, the columns were text then, so
    // the table goes back to that, emptied of binary rows, and the migration runs on it again).
    const legacy = predictionRecord(d, 7_000);
    const inputs = [{ name: 'x', datatype: 'FP32', shape: [1], data: [0.1] }];
    const outputs = [{ name: 'label', datatype: 'INT64', shape: [1], data: ['9007199254740993'] }];
    if (backend === 'postgres') {
      await database.db.deleteFrom('predictions').execute();
      for (const c of ['inputs', 'outputs']) await sql`alter table predictions alter column ${sql.ref(c)} type text`.execute(database.db);
    }
    await sql`insert into predictions (id, deployment_id, project_id, time, revision, model, version, latency_ms, inputs, outputs, shadows)
      values (${legacy.id}, ${d.id}, ${d.projectId}, 7000, 1, 'scorer', 1, 1, ${JSON.stringify(inputs)}, ${JSON.stringify(outputs)}, '[]')`.execute(database.db);
    if (backend === 'postgres') await binaryPredictionTensors(database.db as Kysely<unknown>, 'postgres');
    expect(await store.get(legacy.id)).toMatchObject({ inputs, outputs });
    await store.insert([record]);
    expect(await store.get(record.id)).toMatchObject({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [0.5, -1] }] });
  });

  it('writes a batch larger than one statement takes, and ignores an id logged before', async () => {
    const d = await deployment('big-batch');
    const records = Array.from({ length: 3_000 }, (_, i) => predictionRecord(d, 10_000 + i));
    await store.insert(records);
    await store.insert([records[0]!, predictionRecord(d, 20_000)]);
    const { count } = await database.db.selectFrom('predictions').select((eb) => eb.fn.countAll().as('count')).where('deployment_id', '=', d.id).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(3_001);
  });

  it('lists a deployment newest first, page after page, with ties in time split by id', async () => {
    const d = await deployment('paged');
    const other = await deployment('paged-other');
    const records = [1, 2, 2, 2, 3, 4].map((t) => predictionRecord(d, t * 1_000));
    await store.insert([...records, predictionRecord(other, 2_500)]);
    const expected = [...records].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1)).map((r) => r.id);
    const seen: string[] = [];
    let after: { time: number; id: string } | undefined;
    for (;;) {
      const page = await store.list(d.id, { limit: 2, ...(after ? { after } : {}) });
      seen.push(...page.map((p) => p.id));
      if (page.length < 2) break;
      const last = page[page.length - 1]!;
      after = { time: last.time, id: last.id };
    }
    expect(seen).toEqual(expected);
  });

  it('purges in bounded chunks only what is older than the cutoff, or everything when told', async () => {
    const d = await deployment('purged');
    await store.insert([1, 2, 3, 4, 5].map((t) => predictionRecord(d, t * 1_000)));
    expect(await store.purge(d.id, 4_000, 2)).toBe(2);
    expect(await store.purge(d.id, 4_000, 2)).toBe(1);
    expect(await store.purge(d.id, 4_000, 2)).toBe(0);
    expect((await store.list(d.id, { limit: 10 })).map((p) => p.time)).toEqual([5_000, 4_000]);
    expect(await store.purge(d.id, null, 10)).toBe(2);
    expect(await store.list(d.id, { limit: 10 })).toEqual([]);
  });

  it('names each deployment with logged predictions and its retention, a deleted one without', async () => {
    const kept = await deployment('retained', 7);
    const gone = await deployment('deleted-later');
    const orphan = predictionRecord(gone, 1_000);
    await store.insert([predictionRecord(kept, 1_000), orphan]);
    await deployments.delete(gone);
    const targets = await store.retentionTargets();
    expect(targets).toContainEqual({ deploymentId: kept.id, retentionDays: 7 });
    expect(targets).toContainEqual({ deploymentId: gone.id, retentionDays: null });
    expect(targets.map((t) => t.deploymentId)).toEqual([...new Set(targets.map((t) => t.deploymentId))].sort((a, b) => a - b));
    // Reads stop showing a deleted deployment's predictions before the purge removes them.
    expect(await store.get(orphan.id)).toBeNull();
  });
});
