import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataTable } from '../../../src/domain/monitoring/columns.js';
import type { MonitorCheck, MonitorSpec, StoredMonitor } from '../../../src/domain/monitoring/monitor.js';
import { MonitorRunner } from '../../../src/domain/monitoring/monitor-runner.js';
import { sketchLayout, WindowSketch } from '../../../src/domain/monitoring/profile/window-sketch.js';
import { profileTable } from '../../../src/domain/monitoring/profile/profile.js';
import type { LoadedReference } from '../../../src/domain/monitoring/reference-service.js';
import type { PredictionRecord } from '../../../src/domain/predictions/prediction.js';
import { AlertSqlStore } from '../../../src/storage/sql/alert-sql-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { DeploymentSqlStore } from '../../../src/storage/sql/deployment-sql-store.js';
import { FeedbackSqlStore } from '../../../src/storage/sql/feedback-sql-store.js';
import { MonitorSqlStore } from '../../../src/storage/sql/monitor-sql-store.js';
import { PredictionSqlStore } from '../../../src/storage/sql/prediction-sql-store.js';
import { freshDatabaseUrl } from '../../support/backends.js';
import { loggedSpec, predictionRecord } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';

const hour = 3_600_000;
const t0 = 1_800_000_000_000 - (1_800_000_000_000 % hour);

/** Reference: x spread over [0, 100), kind a/b. */
function reference(createdTime: number): LoadedReference {
  const table: DataTable = {
    rows: 100,
    columns: [
      { name: 'x', type: 'numerical', values: Float64Array.from({ length: 100 }, (_, i) => i) },
      { name: 'kind', type: 'categorical', codes: Int32Array.from({ length: 100 }, (_, i) => i % 2), categories: ['a', 'b'] },
    ],
  };
  const layout = sketchLayout(table);
  return {
    reference: { monitorId: 1, source: 'upload', description: 'ref.csv', rows: 100, createdTime, createdBy: 'ada', profile: profileTable(table) },
    columnTypes: {},
    layout,
    sketch: WindowSketch.empty(layout).add(table),
  };
}

describe('monitor runner over the prediction log', () => {
  let database: SqlDatabase;
  let store: MonitorSqlStore;
  let alerts: AlertSqlStore;
  let predictions: PredictionSqlStore;
  let deployment: { id: number; projectId: number; name: string };
  let now = t0;
  let loaded: LoadedReference | null = null;
  let runner: MonitorRunner;

  beforeEach(async () => {
    database = await openDatabase(await freshDatabaseUrl('sqlite'));
    const { audit } = testAudit(database);
    const deployments = new DeploymentSqlStore(database.db, audit);
    await deployments.create(await deployments.projectId('default'), 'dep', { spec: loggedSpec(), actor: 'ada', comment: '', time: 1 });
    const d = (await deployments.get('dep'))!;
    deployment = { id: d.id, projectId: d.projectId, name: 'dep' };
    store = new MonitorSqlStore(database.db, audit);
    alerts = new AlertSqlStore(database.db, audit);
    predictions = new PredictionSqlStore(database.db, database.dialect);
    loaded = reference(1);
    runner = new MonitorRunner({
      store,
      predictions,
      references: { forRun: async () => loaded },
      feedback: new FeedbackSqlStore(database.db, database.dialect, audit),
      clock: { now: () => now },
      settleMs: 10_000,
      log: () => {},
    });
  });
  afterEach(() => database.close());

  async function monitor(window: MonitorSpec['window'], checks: MonitorCheck[]): Promise<StoredMonitor> {
    return store.create(deployment, { name: 'm', schedule: '0 * * * *', window, features: ['x', 'kind'], checks, actions: [], enabled: true }, 'ada', t0, t0);
  }

  function logged(time: number, x: number | null, kind: string): PredictionRecord {
    return predictionRecord(deployment, time, {
      inputs: [
        { name: 'input', datatype: 'FP32', shape: [1, 1], data: [x === null ? Number.NaN : x] },
        { name: 'kind', datatype: 'BYTES', shape: [1], data: [kind] },
      ],
      outputs: [{ name: 'score', datatype: 'FP32', shape: [1], data: [0.5] }],
    });
  }

  const resultsOf = async (m: StoredMonitor, checkKey: string) => (await store.results(m.id, { checkKey, limit: 100 })).map((r) => [r.windowStart - t0, r.passed, r.note]);

  it('closes hourly windows once the hour is over, gives empty hours a result that says so, and waits for the log to settle', async () => {
    const m = await monitor({ kind: 'time', minutes: 60 }, [{ kind: 'dataset_drift', severity: 'warning' }]);
    await predictions.insert([...Array.from({ length: 20 }, (_, i) => logged(t0 + i * 1000, i * 5, i % 2 ? 'a' : 'b')), logged(t0 + 3 * hour + 10_000, 50, 'a')]);
    now = t0 + 3 * hour + 15_000;
    // The prediction of hour 3 is younger than the settle time: left for the next run.
    expect(await runner.run(m)).toMatchObject({ predictionsRead: 20, windowsClosed: 3 });
    expect(await resultsOf(m, 'dataset_drift')).toEqual([
      [0, true, null],
      [hour, null, 'empty window: no predictions'],
      [2 * hour, null, 'empty window: no predictions'],
    ]);
    now = t0 + 4 * hour + 20_000;
    expect(await runner.run(m)).toMatchObject({ predictionsRead: 1, windowsClosed: 1 });
    expect((await store.results(m.id, { limit: 100 })).map((r) => r.windowStart - t0)).toEqual([0, hour, 2 * hour, 3 * hour]);
    // Nothing new: a run changes nothing.
    expect(await runner.run(m)).toEqual({ windowsClosed: 0, predictionsRead: 0, results: 0, alertsOpened: 0, alertsResolved: 0 });
  });

  it('judges NaN inputs, new categories and a feature the reference lacks without crashing or inventing a score', async () => {
    const m = await monitor({ kind: 'count', predictions: 6 }, [
      { kind: 'feature_drift', severity: 'warning' },
      { kind: 'feature_drift', feature: 'missing', severity: 'info' },
    ]);
    await predictions.insert(Array.from({ length: 6 }, (_, i) => logged(t0 + i, i < 3 ? null : 40 + i, 'zzz')));
    now = t0 + hour;
    expect(await runner.run(m)).toMatchObject({ windowsClosed: 1, predictionsRead: 6, alertsOpened: 1 });
    const results = await store.results(m.id, { limit: 100 });
    const byKey = Object.fromEntries(results.map((r) => [r.checkKey, r]));
    expect(byKey['feature_drift:kind']).toMatchObject({ passed: false });
    expect(byKey['feature_drift:x']?.value).toSatisfy((v: number | null) => v === null || Number.isFinite(v));
    expect(byKey['feature_drift:missing']).toMatchObject({ value: null, passed: null, note: "'missing' is not a column of the reference" });
    const [window] = await store.windows(m.id, 1);
    expect(window?.drift?.features.find((f) => f.name === 'x')?.current.missing).toBe(3);
    expect((await alerts.list(deployment.id, 'open', 10)).map((a) => a.checkKey)).toEqual(['feature_drift:kind']);
  });

  it('reads the open window again when the reference changes, counting each prediction once', async () => {
    const m = await monitor({ kind: 'count', predictions: 10 }, [{ kind: 'dataset_drift', severity: 'warning' }]);
    await predictions.insert(Array.from({ length: 4 }, (_, i) => logged(t0 + i, i, 'a')));
    now = t0 + hour;
    expect(await runner.run(m)).toMatchObject({ predictionsRead: 4, windowsClosed: 0 });
    loaded = reference(2);
    await predictions.insert(Array.from({ length: 2 }, (_, i) => logged(t0 + 10 + i, i, 'b')));
    expect(await runner.run(m)).toMatchObject({ predictionsRead: 6, windowsClosed: 0 });
    const [open] = await store.windows(m.id, 1);
    expect(open).toMatchObject({ closed: false, predictions: 6, rows: 6 });
    expect(open?.state.referenceKey).toBe('upload:2:100');
  });

  it('without a reference, still closes windows and says drift could not be judged', async () => {
    loaded = null;
    const m = await monitor({ kind: 'count', predictions: 2 }, [{ kind: 'dataset_drift', severity: 'warning' }, { kind: 'prediction_drift', severity: 'info' }]);
    await predictions.insert([logged(t0, 1, 'a'), logged(t0 + 1, 2, 'b')]);
    now = t0 + hour;
    expect(await runner.run(m)).toMatchObject({ windowsClosed: 1, results: 2 });
    expect((await store.results(m.id, { limit: 10 })).map((r) => [r.checkKey, r.value, r.note])).toEqual([
      ['dataset_drift', null, 'no reference set for this monitor: set one to judge drift'],
      ['prediction_drift:*', null, 'no reference set for this monitor: set one to judge drift'],
    ]);
  });
});
