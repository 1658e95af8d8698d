import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { logPrediction } from '../../support/prediction-records.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

/** Reference rows far from what the predictions below log, so every drift check fails. */
const referenceCsv = `a,b\n${Array.from({ length: 40 }, (_, i) => `${100 + (i % 10)},${200 - (i % 7)}`).join('\n')}\n`;

/** A READY ONNX version of `model` (versions need a run's file to be promotable). */
async function addVersion(url: string, call: NativeApi, model: string): Promise<void> {
  const experiments = (await call('createExperiment', { body: { name: `${model}-${Math.random().toString(36).slice(2)}` } })).body;
  const runId: string = (await call('createRun', { body: { experimentId: experiments.experiment.experimentId } })).body.run.info.runId;
  const bytes = onnxBytes(linearClassifierModel({ features: 2, classes: 2, weights: [0.5, -1, 0.25, 1.5], bias: [0.1, -0.2] }));
  expect((await fetch(`${url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes })).status).toBe(201);
  expect((await call('createModelVersion', { params: { name: model }, body: { source: `runs:/${runId}/model.onnx` } })).body.version.status).toBe('READY');
}

describe.each(backends)('monitor runs, retrain requests and challenger promotion over HTTP on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  async function monitorWithAlerts(name: string, spec: Record<string, unknown>): Promise<number> {
    const created = await call('createMonitor', { params: { name: 'scorer-api' }, body: { name, schedule: '0 * * * *', window: { kind: 'count', predictions: 4 }, features: ['a', 'b'], enabled: true, ...spec } });
    expect(created.status).toBe(201);
    const id: number = created.body.monitor.id;
    const put = await fetch(`${server.url}/api/v1/monitors/${id}/reference?name=reference.csv`, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body: referenceCsv });
    expect(put.status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false }, monitorSettleMs: 0 });
    call = nativeApi(server.url);
    await call('createModel', { body: { name: 'scorer' } });
    await addVersion(server.url, call, 'scorer');
    await addVersion(server.url, call, 'scorer');
    const alias = await fetch(`${server.url}/api/2.0/mlflow/registered-models/alias`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'scorer', alias: 'challenger', version: '2' }) });
    expect(alias.status).toBe(200);
    expect((await call('createDeployment', { body: { name: 'scorer-api', spec: { versions: [{ model: 'scorer', version: 1 }] } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('on opened alerts requests a retrain per alert and one challenger promotion, as Cairn itself', async () => {
    const id = await monitorWithAlerts('drift-actions', {
      checks: [
        { kind: 'dataset_drift', severity: 'critical' },
        { kind: 'feature_drift', severity: 'critical' },
      ],
      actions: [
        { kind: 'retrain', minSeverity: 'warning' },
        { kind: 'promote_challenger', minSeverity: 'critical', challengerAlias: 'challenger', alias: 'champion' },
      ],
    });
    for (let i = 0; i < 4; i += 1) await logPrediction(server.app, 'scorer-api', { model: 'scorer', version: 1, inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [0.5 + i, -1] }] });
    const run = await call('runMonitor', { params: { id: String(id) } });
    expect(run.status).toBe(200);
    // One alert for the dataset, one per feature.
    expect(run.body.run).toMatchObject({ windowsClosed: 1, alertsOpened: 3 });

    const requests = await call('listRetrainRequests', { params: { name: 'scorer-api' } });
    expect(requests.status).toBe(200);
    expect(requests.body.requests).toHaveLength(3);
    expect(requests.body.requests[0]).toMatchObject({ monitorId: id, deployment: 'scorer-api', model: 'scorer', version: 1, status: 'requested', createdBy: 'cairn-monitor' });
    const alerts = (await call('listAlerts', { params: { name: 'scorer-api' } })).body.alerts.map((a: { id: number }) => a.id).sort();
    expect(requests.body.requests.map((r: { alertId: number }) => r.alertId).sort()).toEqual(alerts);

    const events = (await call('listAuditEvents', { query: { action: 'monitor.retrain' } })).body.events as Array<{ actor: string; action: string }>;
    const retrainEvents = events.filter((e) => e.action === 'monitor.retrain');
    expect(retrainEvents.length).toBe(3);
    expect(retrainEvents.every((e) => e.actor === 'cairn-monitor')).toBe(true);

    // The first critical alert opened the request; the others found it open and were skipped.
    const promotions = await call('listPromotions', { query: { status: 'open' } });
    expect(promotions.body.promotions).toHaveLength(1);
    expect(promotions.body.promotions[0]).toMatchObject({ model: 'scorer', version: 2, alias: 'champion', requestedBy: 'cairn-monitor' });
  });

  it('runs no action below its minimum severity', async () => {
    const id = await monitorWithAlerts('quiet-actions', { checks: [{ kind: 'dataset_drift', severity: 'info' }], actions: [{ kind: 'retrain', minSeverity: 'warning' }] });
    const before = (await call('listRetrainRequests', { params: { name: 'scorer-api' } })).body.requests.length;
    for (let i = 0; i < 4; i += 1) await logPrediction(server.app, 'scorer-api', { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [i, 1] }] });
    expect((await call('runMonitor', { params: { id: String(id) } })).body.run.alertsOpened).toBe(1);
    expect((await call('listRetrainRequests', { params: { name: 'scorer-api' } })).body.requests).toHaveLength(before);
  });

  it('lists the runs the scheduler claimed, newest first, with who ran them and what they did', async () => {
    const id = await monitorWithAlerts('scheduled', { schedule: '* * * * * *', checks: [{ kind: 'dataset_drift', severity: 'info' }], actions: [] });
    await server.app.monitorScheduler.tick();
    await server.app.monitorScheduler.idle();
    const answer = await call('listMonitorRuns', { params: { id: String(id) }, query: { limit: '5' } });
    expect(answer.status).toBe(200);
    expect(answer.body.runs.length).toBeGreaterThanOrEqual(1);
    expect(answer.body.runs[0]).toMatchObject({ monitorId: id, status: 'succeeded', claimedBy: server.app.workerId, attempts: 1, error: null });
    expect(answer.body.runs[0].summary).toMatchObject({ windowsClosed: expect.any(Number), predictionsRead: expect.any(Number) });
  });

  it('answers 404 for an unknown monitor or deployment and 400 for a bad limit', async () => {
    expect((await call('listMonitorRuns', { params: { id: '999999' } })).body.error.code).toBe('NOT_FOUND');
    expect((await call('listRetrainRequests', { params: { name: 'nope' } })).status).toBe(404);
    expect((await call('listMonitorRuns', { params: { id: '1' }, query: { limit: '0' } })).status).toBe(400);
  });
});
