import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../src/domain/webhooks/webhook-signature.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { post, registerClassifier } from '../serving/serving-fixtures.js';
import { nativeApi, type NativeApi } from '../v1/native-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../v1/webhook-receiver.js';

const features = ['f0', 'f1', 'f2', 'f3'];

/** 200 reference rows spread evenly over [-2, 2] in every feature. */
function referenceCsv(): string {
  const lines = [features.join(',')];
  for (let i = 0; i < 200; i++) {
    const x = -2 + (4 * i) / 199;
    lines.push([x, -x, x / 2, (x * 3) % 2].map((v) => v.toFixed(4)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Ten one-row inputs like the reference (shift 0) or moved far from it. */
function inputs(shift: number): number[][] {
  return Array.from({ length: 10 }, (_, i) => {
    const x = -1.8 + (3.6 * i) / 9 + shift;
    return [x, -x + shift, x / 2, ((x * 3) % 2) + shift];
  });
}

const argmax = (row: number[]) => row.indexOf(Math.max(...row));

describe.each(backends)('monitors over a served deployment on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let monitorId: number;
  let receiver: WebhookReceiver;
  let secret: string;

  /** Sends each row as its own request; answers the prediction ids with the class the model chose. */
  async function predict(rows: number[][]): Promise<Array<{ id: string; predicted: number }>> {
    const out: Array<{ id: string; predicted: number }> = [];
    for (const row of rows) {
      const answer = await post(`${server.url}/v2/models/live/infer`, { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: row }] });
      expect(answer.status).toBe(200);
      out.push({ id: answer.headers.get('x-prediction-id')!, predicted: argmax(answer.body.outputs[0].data) });
    }
    // Predictions are handed to the log just after their answers: wait until all of them are written.
    for (let attempt = 0; attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await server.app.predictionLog.flush();
      const written = await server.app.database.db.selectFrom('predictions').select('id').where('id', 'in', out.map((p) => p.id)).execute();
      if (written.length === out.length) break;
    }
    return out;
  }

  const run = async () => {
    const answer = await call('runMonitor', { params: { id: String(monitorId) } });
    expect(answer.status).toBe(200);
    return answer.body.run;
  };
  const series = async (checkKey: string) =>
    (await call('listMonitorResults', { params: { id: String(monitorId) }, query: { checkKey } })).body.results.map((r: { passed: boolean | null }) => r.passed);

  beforeAll(async () => {
    server = await startTestServer({ backend, webhooks: { start: false }, monitorSettleMs: 0, monitorScheduler: { start: false } });
    call = nativeApi(server.url);
    await registerClassifier(server.url, call, 'clf');
    expect((await call('createDeployment', { body: { name: 'live', spec: { versions: [{ model: 'clf', version: 1 }] } } })).status).toBe(201);
    receiver = await startWebhookReceiver();
    secret = (await call('createWebhook', { params: { project: 'default' }, body: { url: receiver.url, events: ['alert.*'] } })).body.secret;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
  });

  it('rejects a bad monitor spec with a 400 naming the field', async () => {
    const bad = await call('createMonitor', {
      params: { name: 'live' },
      body: { name: 'm', schedule: '* * *', window: { kind: 'count', predictions: 10 }, checks: [], actions: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/schedule/);
    const noTask = await call('createMonitor', {
      params: { name: 'live' },
      body: { name: 'm', schedule: '0 * * * *', window: { kind: 'count', predictions: 10 }, checks: [{ kind: 'performance', metric: 'accuracy', min: 0.9, severity: 'warning' }] },
    });
    expect(noTask.status).toBe(400);
    expect(noTask.body.error.message).toMatch(/task/);
    const valid = { name: 'm', schedule: '0 * * * *', window: { kind: 'time', minutes: 60 }, checks: [{ kind: 'dataset_drift', severity: 'info' }] };
    expect((await call('createMonitor', { params: { name: 'nowhere' }, body: valid })).status).toBe(404);
    const twice = await call('createMonitor', { params: { name: 'live' }, body: { ...valid, checks: [valid.checks[0], valid.checks[0]] } });
    expect(twice.body.error.message).toMatch(/already listed/);
  });

  it('judges windows of real predictions against the reference: drift opens an alert, repeats dedupe, a passing window resolves it', async () => {
    const created = await call('createMonitor', {
      params: { name: 'live' },
      body: {
        name: 'quality',
        schedule: '0 * * * *',
        window: { kind: 'count', predictions: 10 },
        features,
        task: { kind: 'classification', probabilityOutput: 'probabilities' },
        checks: [
          { kind: 'dataset_drift', severity: 'critical' },
          { kind: 'feature_drift', feature: 'f0', severity: 'warning' },
          { kind: 'prediction_drift', severity: 'info' },
          { kind: 'performance', metric: 'accuracy', min: 0.9, severity: 'warning' },
        ],
      },
    });
    expect(created.status).toBe(201);
    monitorId = created.body.monitor.id;
    expect(created.body.monitor).toMatchObject({ deployment: 'live', enabled: true, actions: [] });

    const put = await fetch(`${server.url}/api/v1/monitors/${monitorId}/reference?name=reference.csv`, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: referenceCsv() });
    expect(put.status).toBe(200);

    // Window 1: like the reference.
    const calm = await predict(inputs(0));
    expect(await run()).toEqual({ windowsClosed: 1, predictionsRead: 10, results: expect.any(Number), alertsOpened: 0, alertsResolved: 0 });
    // Window 2: far from the reference, with wrong labels given before it is judged.
    const shifted = await predict(inputs(6));
    const wrong = await call('recordDeploymentFeedback', { params: { name: 'live' }, body: { items: shifted.map((p) => ({ predictionId: p.id, label: (p.predicted + 1) % 3 })) } });
    expect(wrong.status).toBe(200);
    const second = await run();
    expect(second).toMatchObject({ windowsClosed: 1, predictionsRead: 10, alertsResolved: 0 });
    expect(second.alertsOpened).toBe(3);
    // Window 3: still drifted: the same alerts count another occurrence instead of opening again.
    await predict(inputs(6));
    expect(await run()).toMatchObject({ windowsClosed: 1, alertsOpened: 0 });

    const open = (await call('listAlerts', { params: { name: 'live' }, query: { status: 'open' } })).body.alerts;
    const byKey = Object.fromEntries(open.map((a: { checkKey: string }) => [a.checkKey, a]));
    expect(Object.keys(byKey).sort()).toEqual(['dataset_drift', 'feature_drift:f0', 'performance:accuracy']);
    expect(byKey['dataset_drift']).toMatchObject({ severity: 'critical', occurrences: 2, monitor: 'quality', deployment: 'live', resolvedBy: null });
    expect(byKey['performance:accuracy']).toMatchObject({ value: 0, threshold: 0.9, occurrences: 1 });

    const ack = await call('acknowledgeAlert', { params: { id: String(byKey['dataset_drift'].id) } });
    expect(ack.body.alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'local' });

    // Window 4: back to normal: the drift alerts resolve themselves.
    await predict(inputs(0));
    expect(await run()).toMatchObject({ windowsClosed: 1, alertsResolved: 2 });
    const resolved = (await call('listAlerts', { params: { name: 'live' }, query: { status: 'resolved' } })).body.alerts;
    expect(resolved.map((a: { checkKey: string; resolvedBy: string }) => [a.checkKey, a.resolvedBy]).sort()).toEqual([
      ['dataset_drift', 'auto'],
      ['feature_drift:f0', 'auto'],
    ]);
    expect(await series('dataset_drift')).toEqual([true, false, false, true]);
    expect(await series('feature_drift:f0')).toEqual([true, false, false, true]);
    // The reference has no output columns: prediction drift says so rather than inventing a score.
    const predictionDrift = (await call('listMonitorResults', { params: { id: String(monitorId) }, query: { checkKey: 'prediction_drift:*' } })).body.results;
    expect(predictionDrift[0]).toMatchObject({ value: null, passed: null, note: expect.stringMatching(/output/) });
    // Windows without labels are not judged on performance, and say why.
    expect((await call('listMonitorResults', { params: { id: String(monitorId) }, query: { checkKey: 'performance:accuracy' } })).body.results.map((r: { passed: boolean | null; note: string | null }) => r.passed)).toEqual([null, false, null, null]);

    // Late labels for window 1 re-score it on the next run.
    await call('recordDeploymentFeedback', { params: { name: 'live' }, body: { items: calm.map((p) => ({ predictionId: p.id, label: p.predicted })) } });
    expect(await run()).toMatchObject({ windowsClosed: 0, predictionsRead: 0, alertsOpened: 0 });
    const accuracy = (await call('listMonitorResults', { params: { id: String(monitorId) }, query: { checkKey: 'performance:accuracy' } })).body.results;
    expect(accuracy[0]).toMatchObject({ value: 1, passed: true, rows: 10 });

    const windows = (await call('listMonitorWindows', { params: { id: String(monitorId) }, query: { limit: '10' } })).body.windows;
    expect(windows).toHaveLength(4);
    expect(windows.every((w: { closed: boolean; rows: number }) => w.closed && w.rows === 10)).toBe(true);
    expect(windows[2].drift.dataset).toMatchObject({ drift: true });
    expect(windows[3].performance).toMatchObject({ labelled: 10, metrics: { accuracy: 1 } });
    expect(windows[0].profile.columns.map((c: { name: string }) => c.name)).toEqual(features);

    const manual = await call('resolveAlert', { params: { id: String(byKey['performance:accuracy'].id) } });
    expect(manual.body.alert).toMatchObject({ status: 'resolved', resolvedBy: 'local' });
    expect((await call('resolveAlert', { params: { id: String(byKey['performance:accuracy'].id) } })).status).toBe(409);

    // Alerts reach signed webhooks as their audit events.
    await server.app.webhookDispatcher.runOnce();
    const delivered = receiver.received.map((r) => r.json.event);
    expect(delivered.filter((e: { action: string }) => e.action === 'alert.open')).toHaveLength(3);
    expect(delivered.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['alert.acknowledge', 'alert.resolve']));
    expect(delivered.find((e: { details: { checkKey: string } }) => e.details.checkKey === 'dataset_drift')).toMatchObject({ resourceType: 'alert', project: 'default', details: { deployment: 'live', monitor: 'quality', severity: 'critical' } });
    for (const r of receiver.received) expect(verifyWebhookSignature(secret, String(r.headers['x-cairn-timestamp']), r.body, String(r.headers['x-cairn-signature']))).toBe(true);

    const events = await server.app.database.db.selectFrom('audit_events').select(['action', 'actor']).where('resource_type', '=', 'alert').orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['alert.open', 'alert.acknowledge', 'alert.resolve']));
  }, 60_000);

  it('runs on schedule as cairn-monitor, and an open count window shows in the windows listing', async () => {
    await predict([...inputs(6), ...inputs(0).slice(0, 4)]);
    const summary = await server.app.monitors.runDue(monitorId, Date.now());
    expect(summary).toMatchObject({ windowsClosed: 1, predictionsRead: 14, alertsOpened: 2 });
    // Scheduled work acts as Cairn's monitor caller: the audit trail names it.
    const opened = await server.app.database.db.selectFrom('audit_events').select('actor').where('action', '=', 'alert.open').orderBy('seq', 'desc').limit(2).execute();
    expect(opened.map((e) => e.actor)).toEqual(['cairn-monitor', 'cairn-monitor']);
    const windows = (await call('listMonitorWindows', { params: { id: String(monitorId) } })).body.windows;
    expect(windows[0]).toMatchObject({ closed: false, rows: 4, drift: null });
    expect(await server.app.monitors.schedules()).toEqual([{ monitorId, schedule: '0 * * * *', enabled: true }]);
  });

  it('edits and deletes a monitor', async () => {
    const got = (await call('getMonitor', { params: { id: String(monitorId) } })).body.monitor;
    const { id: _id, deployment: _d, project: _p, createdTime: _c, createdBy: _b, updatedTime: _u, ...spec } = got;
    const updated = await call('updateMonitor', { params: { id: String(monitorId) }, body: { ...spec, enabled: false } });
    expect(updated.body.monitor.enabled).toBe(false);
    expect(await server.app.monitors.runDue(monitorId, Date.now())).toMatchObject({ predictionsRead: 0 });
    expect((await call('listMonitors', { params: { name: 'live' } })).body.monitors).toHaveLength(1);
    expect((await call('deleteMonitor', { params: { id: String(monitorId) } })).status).toBe(200);
    expect((await call('getMonitor', { params: { id: String(monitorId) } })).status).toBe(404);
    expect((await call('listAlerts', { params: { name: 'live' } })).body.alerts).toEqual([]);
  });
});
