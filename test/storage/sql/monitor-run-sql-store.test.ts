import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDeployment } from '../../../src/domain/deployments/deployment.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { MonitorRunSqlStore, RetrainRequestSqlStore } from '../../../src/storage/sql/monitor-run-sql-store.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { loggedSpec } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';

const done = { windowsClosed: 2, predictionsRead: 20, results: 2, alertsOpened: 1, alertsResolved: 0 };

describe.each(backends)('monitor run store on %s', (backend) => {
  let database: SqlDatabase;
  let runs: MonitorRunSqlStore;
  let requests: RetrainRequestSqlStore;
  let deployment: StoredDeployment;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    const { audit } = testAudit(database);
    runs = new MonitorRunSqlStore(database.db);
    requests = new RetrainRequestSqlStore(database.db, audit);
    const deployments = new DeploymentSqlStore(database.db, audit);
    await deployments.create(await deployments.projectId('default'), 'scorer-api', { spec: loggedSpec(30), actor: 'ada', comment: '', time: 1 });
    deployment = (await deployments.get('scorer-api'))!;
  });
  afterAll(async () => {
    await database.close();
  });

  it('lets exactly one of many concurrent claims of one scheduled time win', async () => {
    const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => runs.claim(1, 60_000, `w${i}`, 100)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const [run] = await runs.list(1, 10);
    expect(run).toMatchObject({ monitorId: 1, scheduledFor: 60_000, status: 'running', claimedBy: `w${wins.indexOf(true)}`, attempts: 1, finishedTime: null });
  });

  it('lets one of two concurrent takeovers of a stuck run win, and only the holder finish it', async () => {
    await runs.claim(2, 60_000, 'dead', 100);
    const [stuck] = await runs.stuck(1_000, 10).then((all) => all.filter((r) => r.monitorId === 2));
    const wins = await Promise.all(['x', 'y'].map((w) => runs.retake(stuck!, w, 5_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const holder = wins[0] ? 'x' : 'y';
    await runs.finish(2, 60_000, 'dead', { status: 'failed', error: 'late' }, 6_000);
    await runs.finish(2, 60_000, holder, { status: 'succeeded', summary: done }, 7_000);
    expect((await runs.list(2, 1))[0]).toMatchObject({ status: 'succeeded', claimedBy: holder, attempts: 2, finishedTime: 7_000, summary: done, error: null });
    expect((await runs.stuck(1_000_000, 10)).some((r) => r.monitorId === 2)).toBe(false);
  });

  it('renews heartbeats of the holder only', async () => {
    await runs.claim(3, 1_000, 'a', 100);
    await runs.heartbeat([{ monitorId: 3, scheduledFor: 1_000 }], 'b', 9_000);
    expect((await runs.list(3, 1))[0]!.heartbeatTime).toBe(100);
    await runs.heartbeat([{ monitorId: 3, scheduledFor: 1_000 }], 'a', 9_000);
    expect((await runs.list(3, 1))[0]!.heartbeatTime).toBe(9_000);
  });

  it('lists newest first, and purges old finished runs only', async () => {
    for (const t of [1_000, 2_000, 3_000]) await runs.claim(5, t, 'a', t);
    await runs.finish(5, 1_000, 'a', { status: 'failed', error: 'x'.repeat(5_000) }, 1_500);
    expect((await runs.list(5, 2)).map((r) => r.scheduledFor)).toEqual([3_000, 2_000]);
    expect((await runs.list(5, 10)).find((r) => r.scheduledFor === 1_000)!.error).toHaveLength(2_000);
    expect(await runs.purge(2_500)).toBeGreaterThanOrEqual(1);
    expect((await runs.list(5, 10)).map((r) => r.scheduledFor)).toEqual([3_000, 2_000]);
  });

  it('writes a retrain request with its monitor.retrain audit event, and lists them newest first', async () => {
    const base = { monitorId: 7, deploymentId: deployment.id, projectId: deployment.projectId, model: 'scorer', createdBy: 'cairn-monitor', deployment: 'scorer-api', monitor: 'drift', checkKey: 'dataset_drift' };
    const first = await requests.create({ ...base, alertId: 11, version: 3, createdTime: 10 });
    const second = await requests.create({ ...base, alertId: 12, version: null, createdTime: 20 });
    expect(first).toMatchObject({ monitorId: 7, alertId: 11, deployment: 'scorer-api', model: 'scorer', version: 3, status: 'requested', createdTime: 10, createdBy: 'cairn-monitor' });
    expect(await requests.list(deployment.id, 10)).toEqual([second, first]);
    const events = await database.db.selectFrom('audit_events').select(['action', 'resource_id', 'details']).where('action', '=', 'monitor.retrain').orderBy('seq').execute();
    expect(events.map((e) => e.resource_id)).toEqual([String(first.id), String(second.id)]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ deployment: 'scorer-api', monitor: 'drift', alertId: 11, checkKey: 'dataset_drift', model: 'scorer', version: 3 });
  });
});
