import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDeployment } from '../../../src/domain/deployments/deployment.js';
import type { NewFeedback } from '../../../src/domain/monitoring/feedback-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { FeedbackSqlStore } from '../../../src/storage/sql/feedback-sql-store.js';
import { PredictionSqlStore } from '../../../src/storage/sql/prediction-sql-store.js';
import { toLoggedTensors } from '../../../src/domain/serving/logged-tensor.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { loggedSpec, predictionRecord } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';

const item = (predictionId: string, label: string | number | null, createdTime = 100, comment: string | null = null): NewFeedback => ({
  predictionId,
  label,
  comment,
  source: 'api',
  createdBy: 'ada',
  createdTime,
});

describe.each(backends)('feedback store on %s', (backend) => {
  let database: SqlDatabase;
  let deployments: DeploymentSqlStore;
  let predictions: PredictionSqlStore;
  let store: FeedbackSqlStore;

  async function deployment(name: string): Promise<StoredDeployment> {
    await deployments.create(await deployments.projectId('default'), name, { spec: loggedSpec(30), actor: 'ada', comment: '', time: 1 });
    return (await deployments.get(name))!;
  }

  async function auditCount(): Promise<number> {
    const rows = await database.db.selectFrom('audit_events').select('seq').where('action', '=', 'feedback.record').execute();
    return rows.length;
  }

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    const { audit } = testAudit(database);
    deployments = new DeploymentSqlStore(database.db, audit);
    predictions = new PredictionSqlStore(database.db, database.dialect);
    store = new FeedbackSqlStore(database.db, database.dialect, audit);
  });
  afterAll(() => database.close());

  it('records labels with their prediction time and reads them back newest first', async () => {
    const d = await deployment('records');
    const [a, b] = [predictionRecord(d, 1_000), predictionRecord(d, 2_000)];
    await predictions.insert([a!, b!]);
    const before = await auditCount();
    const stored = await store.record(d, [item(a!.id, 'cat', 10, 'looks like a cat'), item(b!.id, 2.5, 20)]);
    expect(stored.map((f) => f.predictionTime)).toEqual([1_000, 2_000]);
    expect(await auditCount()).toBe(before + 1);
    const listed = await store.list(d.id, { limit: 10 });
    expect(listed).toEqual([
      { predictionId: b!.id, deployment: 'records', predictionTime: 2_000, label: 2.5, comment: null, source: 'api', createdBy: 'ada', createdTime: 20 },
      { predictionId: a!.id, deployment: 'records', predictionTime: 1_000, label: 'cat', comment: 'looks like a cat', source: 'api', createdBy: 'ada', createdTime: 10 },
    ]);
    expect(await store.list(d.id, { limit: 10, after: { createdTime: 20, predictionId: b!.id } })).toHaveLength(1);
  });

  it('loses the labels of purged predictions with them, and keeps the rest', async () => {
    const d = await deployment('purged-labels');
    const [old, recent] = [predictionRecord(d, 1_000), predictionRecord(d, 5_000)];
    await predictions.insert([old!, recent!]);
    await store.record(d, [item(old!.id, 'a', 10), item(recent!.id, 'b', 20)]);
    expect(await predictions.purge(d.id, 2_000, 100)).toBe(1);
    expect((await store.list(d.id, { limit: 10 })).map((f) => f.predictionId)).toEqual([recent!.id]);
    expect(await predictions.purge(d.id, null, 100)).toBe(1);
    expect(await store.list(d.id, { limit: 10 })).toEqual([]);
    const rows = await database.db.selectFrom('feedback').select('prediction_id').where('deployment_id', '=', d.id).execute();
    expect(rows).toEqual([]);
  });

  it('records nothing when one id is unknown or of another deployment, and names the ids', async () => {
    const d = await deployment('all-or-nothing');
    const other = await deployment('elsewhere');
    const mine = predictionRecord(d, 1_000);
    const theirs = predictionRecord(other, 1_000);
    await predictions.insert([mine, theirs]);
    const before = await auditCount();
    await expect(store.record(d, [item(mine.id, 1), item(theirs.id, 1), item('nope', 0)])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(new RegExp(`'${theirs.id}', 'nope'; nothing was recorded`)),
    });
    expect(await store.list(d.id, { limit: 10 })).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('replaces an earlier label of the same prediction instead of counting it twice', async () => {
    const d = await deployment('corrections');
    const p = predictionRecord(d, 5_000);
    await predictions.insert([p]);
    await store.record(d, [item(p.id, 'dog', 10)]);
    await store.record(d, [item(p.id, 'cat', 30)]);
    expect((await store.list(d.id, { limit: 10 })).map((f) => f.label)).toEqual(['cat']);
    expect((await store.labelled(d.id, 0, 10_000)).map((r) => r.label)).toEqual(['cat']);
  });

  it('reads labelled predictions of a time range with their outputs, leaving comments without a label out', async () => {
    const d = await deployment('windows');
    const records = [1_000, 2_000, 3_000, 4_000].map((t) => predictionRecord(d, t));
    await predictions.insert(records);
    await store.record(d, [item(records[0]!.id, 1, 50), item(records[1]!.id, null, 60, 'unsure'), item(records[2]!.id, 0, 70), item(records[3]!.id, 1, 80)]);
    const labelled = await store.labelled(d.id, 1_000, 4_000);
    expect(labelled).toEqual([
      { predictionId: records[0]!.id, time: 1_000, outputs: toLoggedTensors(records[0]!.outputs), label: 1 },
      { predictionId: records[2]!.id, time: 3_000, outputs: toLoggedTensors(records[2]!.outputs), label: 0 },
    ]);
    expect(await store.labelledSince(d.id, 60)).toEqual([3_000, 4_000]);
    expect(await store.labelledSince(d.id, 80)).toEqual([]);
  });

  it('offers the newest predictions without feedback for review', async () => {
    const d = await deployment('review');
    const records = [1_000, 2_000, 3_000].map((t) => predictionRecord(d, t));
    await predictions.insert(records);
    await store.record(d, [item(records[2]!.id, null, 10, 'seen')]);
    const queue = await store.unlabelled(d.id, 10);
    expect(queue.map((p) => p.id)).toEqual([records[1]!.id, records[0]!.id]);
    expect(queue[0]).toMatchObject({ deployment: 'review', project: 'default', outputs: toLoggedTensors(records[1]!.outputs) });
  });

  it('records a bulk of 10,000 labels in one call', async () => {
    const d = await deployment('bulk');
    const records = Array.from({ length: 10_000 }, (_, i) => predictionRecord(d, 10_000 + i));
    await predictions.insert(records);
    await store.record(d, records.map((r, i) => item(r.id, i % 2, 5)));
    expect(await store.labelled(d.id, 0, 1e9)).toHaveLength(10_000);
  });
});
