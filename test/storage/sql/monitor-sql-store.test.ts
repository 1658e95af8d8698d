import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDeployment } from '../../../src/domain/deployments/deployment.js';
import type { MonitorSpec, StoredMonitor } from '../../../src/domain/monitoring/monitor.js';
import type { NewResult, StoredWindow } from '../../../src/domain/monitoring/monitor-store.js';
import { AlertSqlStore } from '../../../src/storage/sql/alert-sql-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { MonitorRunSqlStore } from '../../../src/storage/sql/monitor-run-sql-store.js';
import { MonitorSqlStore } from '../../../src/storage/sql/monitor-sql-store.js';
import { PredictionSqlStore } from '../../../src/storage/sql/prediction-sql-store.js';
import { ReferenceSqlStore } from '../../../src/storage/sql/reference-sql-store.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { loggedSpec, predictionRecord } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';

const spec: MonitorSpec = {
  name: 'drift',
  schedule: '0 * * * *',
  window: { kind: 'time', minutes: 60 },
  checks: [{ kind: 'dataset_drift', severity: 'warning' }],
  actions: [],
  enabled: true,
};

function window(seq: number, closed: boolean): StoredWindow {
  return { seq, start: seq * 1000, end: seq * 1000 + 1000, closed, rows: 3, predictions: 3, state: { sketch: null, referenceKey: null, outputs: ['label'], begin: null }, drift: null, performance: null };
}

function result(monitor: StoredMonitor, seq: number, passed: boolean | null, extra: Partial<NewResult> = {}): NewResult {
  return {
    monitorId: monitor.id,
    windowSeq: seq,
    windowStart: seq * 1000,
    windowEnd: seq * 1000 + 1000,
    rows: 3,
    checkKey: 'dataset_drift',
    kind: 'dataset_drift',
    feature: null,
    method: 'drift_share',
    value: passed === null ? null : passed ? 0.1 : 0.9,
    threshold: 0.5,
    passed,
    severity: 'warning',
    note: passed === null ? 'empty window: no predictions' : null,
    computedTime: 5,
    message: `window ${seq} drifted`,
    ...extra,
  };
}

describe.each(backends)('monitor store on %s', (backend) => {
  let database: SqlDatabase;
  let deployments: DeploymentSqlStore;
  let store: MonitorSqlStore;
  let alerts: AlertSqlStore;
  let predictions: PredictionSqlStore;

  async function deployment(name: string): Promise<StoredDeployment> {
    await deployments.create(await deployments.projectId('default'), name, { spec: loggedSpec(), actor: 'ada', comment: '', time: 1 });
    return (await deployments.get(name))!;
  }

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    const { audit } = testAudit(database);
    deployments = new DeploymentSqlStore(database.db, audit);
    store = new MonitorSqlStore(database.db, audit);
    alerts = new AlertSqlStore(database.db, audit);
    predictions = new PredictionSqlStore(database.db, database.dialect);
  });
  afterAll(() => database.close());

  it('creates, lists, updates and deletes monitors, each with its audit event', async () => {
    const d = await deployment('crud');
    const created = await store.create(d, spec, 'ada', 10, 10);
    expect(created).toMatchObject({ ...spec, deployment: 'crud', project: 'default', createdBy: 'ada', createdTime: 10, deploymentId: d.id });
    await expect(store.create(d, spec, 'ada', 11, 11)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect((await store.list(d.id)).map((m) => m.name)).toEqual(['drift']);
    expect(await store.count(d.id)).toBe(1);
    const updated = await store.update(created, { ...spec, schedule: '*/5 * * * *' }, 20, false);
    expect(updated).toMatchObject({ schedule: '*/5 * * * *', updatedTime: 20 });
    await store.delete(updated);
    expect(await store.get(created.id)).toBeNull();
    const actions = await database.db.selectFrom('audit_events').select('action').where('resource_type', '=', 'monitor').where('resource_id', '=', String(created.id)).orderBy('seq').execute();
    expect(actions.map((a) => a.action)).toEqual(['monitor.create', 'monitor.update', 'monitor.delete']);
  });

  it('commits windows and results, opens one alert per failing check and bumps it while the check keeps failing', async () => {
    const d = await deployment('alerts');
    const m = await store.create(d, spec, 'ada', 10, 10);
    const first = await store.commitRun(m, 0, { cursor: { time: 1500, id: 'b' }, feedbackSince: 10, windows: [window(1, true), window(2, false)], results: [result(m, 1, false)], now: 100 });
    expect(first?.opened).toHaveLength(1);
    expect(first?.opened[0]).toMatchObject({ checkKey: 'dataset_drift', status: 'open', occurrences: 1, monitor: 'drift', deployment: 'alerts', value: 0.9, threshold: 0.5 });
    const second = await store.commitRun(m, 1, { cursor: { time: 2500, id: 'c' }, feedbackSince: 10, windows: [window(2, true)], results: [result(m, 2, false), result(m, 3, null)], now: 200 });
    expect(second).toEqual({ opened: [], resolved: [] });
    const [alert] = await alerts.list(d.id, undefined, 10);
    expect(alert).toMatchObject({ status: 'open', occurrences: 2, lastSeenTime: 200, openedTime: 100 });
    expect(await store.runState(m.id)).toMatchObject({ cursor: { time: 2500, id: 'c' }, version: 2, lastSeq: 2, lastClosedEnd: 3000 });
    expect((await store.results(m.id, { limit: 10 })).map((r) => [r.windowStart, r.passed])).toEqual([
      [1000, false],
      [2000, false],
      [3000, null],
    ]);
    expect((await store.windows(m.id, 10)).map((w) => [w.seq, w.closed])).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('resolves the alert automatically when the check passes, and a later failure opens a new one', async () => {
    const d = await deployment('auto-resolve');
    const m = await store.create(d, spec, 'ada', 10, 10);
    await store.commitRun(m, 0, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 1, false)], now: 100 });
    const passed = await store.commitRun(m, 1, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 2, true)], now: 200 });
    expect(passed?.resolved[0]).toMatchObject({ status: 'resolved', resolvedBy: 'auto', resolvedTime: 200 });
    const again = await store.commitRun(m, 2, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 3, false)], now: 300 });
    expect(again?.opened).toHaveLength(1);
    expect((await alerts.list(d.id, 'resolved', 10)).length).toBe(1);
    expect((await alerts.list(d.id, 'open', 10)).length).toBe(1);
    const events = await database.db.selectFrom('audit_events').select('action').where('resource_type', '=', 'alert').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['alert.open', 'alert.resolve']));
  });

  it('refuses a commit from a run that read an older state, writing nothing', async () => {
    const d = await deployment('race');
    const m = await store.create(d, spec, 'ada', 10, 10);
    expect(await store.commitRun(m, 0, { cursor: { time: 1, id: 'a' }, feedbackSince: 10, windows: [window(1, false)], results: [], now: 100 })).not.toBeNull();
    expect(await store.commitRun(m, 0, { cursor: { time: 9, id: 'z' }, feedbackSince: 10, windows: [window(1, true)], results: [result(m, 1, false)], now: 100 })).toBeNull();
    expect(await store.runState(m.id)).toMatchObject({ cursor: { time: 1, id: 'a' }, version: 1 });
    expect(await alerts.list(d.id, undefined, 10)).toEqual([]);
  });

  it('late re-scores open an alert only when none is unresolved, never bump or resolve', async () => {
    const d = await deployment('late');
    const m = await store.create(d, spec, 'ada', 10, 10);
    await store.commitRun(m, 0, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 1, true, { late: true })], now: 100 });
    expect(await alerts.list(d.id, undefined, 10)).toEqual([]);
    await store.commitRun(m, 1, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 1, false, { late: true })], now: 200 });
    await store.commitRun(m, 2, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 2, false, { late: true }), result(m, 3, true, { late: true })], now: 300 });
    const [alert] = await alerts.list(d.id, undefined, 10);
    expect(alert).toMatchObject({ status: 'open', occurrences: 1 });
  });

  it('acknowledges and resolves by hand, refusing a change the status no longer allows', async () => {
    const d = await deployment('manual');
    const m = await store.create(d, spec, 'ada', 10, 10);
    const outcome = await store.commitRun(m, 0, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 1, false)], now: 100 });
    const stored = (await alerts.get(outcome!.opened[0]!.id))!;
    expect(await alerts.acknowledge(stored, 'bea', 150)).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'bea', acknowledgedTime: 150 });
    await expect(alerts.acknowledge(stored, 'bea', 160)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // An acknowledged alert still dedupes: the failing check bumps it.
    await store.commitRun(m, 1, { cursor: null, feedbackSince: 10, windows: [], results: [result(m, 2, false)], now: 170 });
    expect(await alerts.get(stored.id)).toMatchObject({ status: 'acknowledged', occurrences: 2 });
    expect(await alerts.resolve(stored, 'cy', 200)).toMatchObject({ status: 'resolved', resolvedBy: 'cy' });
    await expect(alerts.resolve(stored, 'cy', 210)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('deletes a monitor with its windows, results, alerts, reference and run claims', async () => {
    const d = await deployment('cascade');
    const m = await store.create(d, spec, 'ada', 10, 10);
    await store.commitRun(m, 0, { cursor: null, feedbackSince: 10, windows: [window(1, true)], results: [result(m, 1, false)], now: 100 });
    const references = new ReferenceSqlStore(database.db, testAudit(database).audit);
    const profile = { rows: 0, columns: [] };
    await references.set({ monitorId: m.id, projectId: d.projectId, source: 'upload', description: 'a.csv', rows: 0, createdTime: 1, createdBy: 'ada', columnTypes: {}, profile, layout: { version: 1, columns: [] }, sketch: { rows: 0, columns: [] } });
    const runs = new MonitorRunSqlStore(database.db);
    await runs.claim(m.id, 1_000, 'worker-a', 1_000);
    await store.delete(m);
    expect(await store.windows(m.id, 10)).toEqual([]);
    expect(await store.results(m.id, { limit: 10 })).toEqual([]);
    expect(await alerts.list(d.id, undefined, 10)).toEqual([]);
    expect(await references.get(m.id)).toBeNull();
    expect(await runs.list(m.id, 10)).toEqual([]);
  });

  it("deletes a deployment's monitors with their rows when the deployment is deleted, and no other's", async () => {
    const doomed = await deployment('doomed');
    const kept = await deployment('kept');
    const gone = await store.create(doomed, spec, 'ada', 10, 10);
    const stays = await store.create(kept, spec, 'ada', 10, 10);
    for (const m of [gone, stays]) {
      await store.commitRun(m, 0, { cursor: null, feedbackSince: 10, windows: [window(1, true)], results: [result(m, 1, false)], now: 100 });
      await new MonitorRunSqlStore(database.db).claim(m.id, 1_000, 'worker-a', 1_000);
    }
    await deployments.delete(doomed);
    expect(await store.get(gone.id)).toBeNull();
    expect(await store.windows(gone.id, 10)).toEqual([]);
    expect(await store.results(gone.id, { limit: 10 })).toEqual([]);
    expect(await alerts.list(doomed.id, undefined, 10)).toEqual([]);
    expect(await new MonitorRunSqlStore(database.db).list(gone.id, 10)).toEqual([]);
    expect(await store.get(stays.id)).not.toBeNull();
    expect(await store.windows(stays.id, 10)).toHaveLength(1);
    expect(await alerts.list(kept.id, undefined, 10)).toHaveLength(1);
  });

  it('finds the closed windows holding given prediction times', async () => {
    const d = await deployment('lookup');
    const m = await store.create(d, spec, 'ada', 10, 10);
    await store.commitRun(m, 0, { cursor: null, feedbackSince: 10, windows: [window(1, true), window(2, true), window(3, false)], results: [], now: 100 });
    expect((await store.closedWindowsAt(m.id, [1500, 1600, 2999, 3500, 99])).map((w) => w.seq)).toEqual([1, 2]);
  });

  it('reads predictions after a cursor in ascending (time, id) order, below a time', async () => {
    const d = await deployment('ascending');
    const records = [predictionRecord(d, 300, { id: 'c' }), predictionRecord(d, 100, { id: 'b' }), predictionRecord(d, 100, { id: 'a' }), predictionRecord(d, 200, { id: 'd' })];
    await predictions.insert(records);
    expect((await predictions.listAfter(d.id, null, 10)).map((p) => p.id)).toEqual(['a', 'b', 'd', 'c']);
    expect((await predictions.listAfter(d.id, { time: 100, id: 'a' }, 2)).map((p) => p.id)).toEqual(['b', 'd']);
    expect((await predictions.listAfter(d.id, { time: 100, id: 'b' }, 10, 300)).map((p) => p.id)).toEqual(['d']);
  });
});
