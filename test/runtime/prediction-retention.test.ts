import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDeployment } from '../../src/domain/deployments/deployment.js';
import { PredictionRetention } from '../../src/runtime/prediction-retention.js';
import { openDatabase, type SqlDatabase } from '../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../src/storage/sql/deployment-sql-store.js';
import { PredictionSqlStore } from '../../src/storage/sql/prediction-sql-store.js';
import { backends, freshDatabaseUrl } from '../support/backends.js';
import { loggedSpec, predictionRecord } from '../support/prediction-records.js';
import { testAudit } from '../support/test-audit.js';

const day = 86_400_000;
const now = 100 * day;

describe.each(backends)('prediction retention on %s', (backend) => {
  let database: SqlDatabase;
  let store: PredictionSqlStore;
  let deployments: DeploymentSqlStore;

  async function deployment(name: string, retentionDays: number): Promise<StoredDeployment> {
    await deployments.create(await deployments.projectId('default'), name, { spec: loggedSpec(retentionDays), actor: 'ada', comment: '', time: 1 });
    return (await deployments.get(name))!;
  }
  const times = async (d: StoredDeployment) => (await store.list(d.id, { limit: 1_000 })).map((p) => (now - p.time) / day);

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    deployments = new DeploymentSqlStore(database.db, testAudit(database).audit);
    store = new PredictionSqlStore(database.db, database.dialect);
  });
  afterAll(() => database.close());

  it("keeps each deployment's predictions for its current revision's retention, and none of a deleted deployment", async () => {
    const week = await deployment('keeps-a-week', 7);
    const month = await deployment('keeps-a-month', 30);
    const gone = await deployment('deleted', 30);
    const ages = [1, 6, 8, 29, 31, 90];
    await store.insert([week, month, gone].flatMap((d) => ages.map((age) => predictionRecord(d, now - age * day))));
    // The later revision's retention counts, not the one the predictions were logged under.
    await deployments.addRevision(month, 1, { spec: loggedSpec(10), actor: 'ada', comment: 'shorter', time: 2 }, 'update');
    await deployments.delete(gone);

    const retention = new PredictionRetention({ store, clock: { now: () => now }, chunk: 2 });
    expect(await retention.runOnce()).toEqual({ expired: 4 + 3, orphaned: 6 });
    expect(await times(week)).toEqual([1, 6]);
    expect(await times(month)).toEqual([1, 6, 8]);
    const left = await database.db.selectFrom('predictions').select('id').where('deployment_id', '=', gone.id).execute();
    expect(left).toEqual([]);
    expect(await retention.runOnce()).toEqual({ expired: 0, orphaned: 0 });
  });
});
