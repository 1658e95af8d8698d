import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentSpec } from '../../../src/domain/deployments/deployment.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';

const spec = (version: number): DeploymentSpec => ({
  versions: [{ model: 'scorer', version, weight: 100 }],
  shadows: [],
  sticky: null,
  batching: { maxBatchSize: 1, maxWaitMs: 0 },
  logging: { sampleRate: 1, retentionDays: 30 },
});
const revision = (version: number, time: number) => ({ spec: spec(version), actor: 'ada', comment: `v${version}`, time });

describe.each(backends)('deployment store on %s', (backend) => {
  let database: SqlDatabase;
  let store: DeploymentSqlStore;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    store = new DeploymentSqlStore(database.db, testAudit(database).audit);
  });
  afterAll(() => database.close());

  it('keeps each revision and reads the current one with the deployment', async () => {
    const projectId = await store.projectId('default');
    const created = await store.create(projectId, 'kept', revision(1, 1_000));
    expect(created).toMatchObject({ name: 'kept', project: 'default', createdTime: 1_000, current: { revision: 1, actor: 'ada', comment: 'v1', spec: spec(1) } });
    const stored = (await store.get('kept'))!;
    const updated = await store.addRevision(stored, 1, revision(2, 2_000), 'update');
    expect(updated).toMatchObject({ lastUpdateTime: 2_000, current: { revision: 2, spec: spec(2) } });
    expect((await store.revisions(stored.id)).map((r) => [r.revision, r.comment])).toEqual([
      [1, 'v1'],
      [2, 'v2'],
    ]);
  });

  it('refuses a revision made from a stale read, so concurrent changes never overwrite each other', async () => {
    const projectId = await store.projectId('default');
    await store.create(projectId, 'raced', revision(1, 1_000));
    const stale = (await store.get('raced'))!;
    await store.addRevision(stale, 1, revision(2, 2_000), 'update');
    await expect(store.addRevision(stale, 1, revision(3, 3_000), 'update')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect((await store.revisions(stale.id)).map((r) => r.revision)).toEqual([1, 2]);
  });

  it('refuses a second deployment of a taken name and forgets a deleted one', async () => {
    const projectId = await store.projectId('default');
    await store.create(projectId, 'once', revision(1, 1_000));
    await expect(store.create(projectId, 'once', revision(1, 1_000))).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await store.delete((await store.get('once'))!);
    expect(await store.get('once')).toBeNull();
    expect((await store.create(projectId, 'once', revision(2, 5_000))).current.revision).toBe(1);
    const events = await database.db.selectFrom('audit_events').select('action').where('resource_id', '=', 'once').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['deployment.create', 'deployment.delete', 'deployment.create']);
  });
});
