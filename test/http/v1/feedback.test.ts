import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scorePredictions } from '../../../src/domain/monitoring/performance/score-predictions.js';
import { FeedbackSqlStore } from '../../../src/storage/sql/feedback-sql-store.js';
import { backends } from '../../support/backends.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { logPrediction } from '../../support/prediction-records.js';
import { testAudit } from '../../support/test-audit.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { everyone, startAlphaProject, userOf, type AlphaProject } from '../access-fixture.js';
import { nativeApi, type NativeApi } from './native-client.js';

const probabilities = (p: number[]) => [{ name: 'probabilities', datatype: 'FP32' as const, shape: [1, p.length], data: p }];

describe.each(backends)('feedback over HTTP on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  async function infer(deployment: string, row: number[]): Promise<string> {
    const body = { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: row }] };
    const response = await fetch(`${server.url}/v2/models/${deployment}/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.headers.get('x-prediction-id')!;
  }

  /** Waits until the background writer has logged the prediction. */
  async function logged(id: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await server.app.predictionLog.flush();
      if ((await call('getPrediction', { params: { id } })).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`prediction ${id} never reached the log`);
  }

  async function deployment(name: string): Promise<void> {
    expect((await call('createDeployment', { body: { name, spec: { versions: [{ model: 'iris', version: 1 }] } } })).status).toBe(201);
  }

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false } });
    call = nativeApi(server.url);
    const experimentId: string = (await call('createExperiment', { body: { name: 'iris-training' } })).body.experiment.experimentId;
    const runId: string = (await call('createRun', { body: { experimentId } })).body.run.info.runId;
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights: [0.5, -1, 0.25, 1.5, 0.75, -0.5, -2, 0.125, 1, 0.3, -0.6, 0.9], bias: [0.1, -0.2, 0.05] }));
    const put = await fetch(`${server.url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(put.status).toBe(201);
    await call('createModel', { body: { name: 'iris' } });
    expect((await call('createModelVersion', { params: { name: 'iris' }, body: { source: `runs:/${runId}/model.onnx` } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('labels served predictions one by one and in bulk, and scores them', async () => {
    await deployment('iris-api');
    const ids: string[] = [];
    for (const row of [[1, 2, 3, 4], [-1.5, 0.25, 2, -3], [0, 0, 0, 1], [3, -1, 0.5, 0]]) ids.push(await infer('iris-api', row));
    for (const id of ids) await logged(id);

    const single = await call('recordFeedback', { params: { id: ids[0]! }, body: { label: 2, comment: 'checked by hand' } });
    expect(single.status).toBe(200);
    expect(single.body.feedback).toMatchObject({ predictionId: ids[0], deployment: 'iris-api', label: 2, comment: 'checked by hand', source: 'expert', createdBy: 'local' });

    const bulk = await call('recordDeploymentFeedback', { params: { name: 'iris-api' }, body: { items: ids.slice(1).map((predictionId, i) => ({ predictionId, label: i })) } });
    expect(bulk.body).toEqual({ recorded: 3 });
    const listed = await call('listDeploymentFeedback', { params: { name: 'iris-api' }, query: { maxResults: '2' } });
    expect(listed.body.feedback).toHaveLength(2);
    const rest = await call('listDeploymentFeedback', { params: { name: 'iris-api' }, query: { maxResults: '2', pageToken: listed.body.nextPageToken } });
    expect([...listed.body.feedback, ...rest.body.feedback].map((f: { predictionId: string }) => f.predictionId).sort()).toEqual([...ids].sort());
    expect(rest.body.nextPageToken).toBeUndefined();
    expect(rest.body.feedback.every((f: { source: string; predictionId: string }) => f.source === 'api' || f.predictionId === ids[0])).toBe(true);

    // The monitors' read: labelled predictions with their logged outputs, scored as a classifier.
    const store = new FeedbackSqlStore(server.app.database.db, server.app.database.dialect, testAudit(server.app.database).audit);
    const stored = (await server.app.database.db.selectFrom('deployments').select('id').where('name', '=', 'iris-api').executeTakeFirstOrThrow()).id;
    const labelled = await store.labelled(Number(stored), 0, Date.now() + 1);
    expect(labelled).toHaveLength(4);
    const scored = scorePredictions({ kind: 'classification' }, labelled);
    expect(scored.labelled).toBe(4);
    expect(scored.metrics.accuracy).toBeGreaterThanOrEqual(0);
    expect(scored.metrics.log_loss).toBeGreaterThan(0);

    const events = await server.app.database.db.selectFrom('audit_events').select(['details']).where('action', '=', 'feedback.record').orderBy('seq').execute();
    expect(events.map((e) => JSON.parse(e.details))).toEqual([
      { count: 1, deployment: 'iris-api', labels: 1, predictionId: ids[0] },
      { count: 3, deployment: 'iris-api', labels: 3 },
    ]);
  });

  it('answers 404 for an unknown prediction and 400 naming unknown ids of a bulk call, recording nothing', async () => {
    await deployment('iris-strict');
    const known = (await logPrediction(server.app, 'iris-strict', { model: 'iris' })).id;
    const unknown = await call('recordFeedback', { params: { id: 'no-such-prediction' }, body: { label: 'a' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const bulk = await call('recordDeploymentFeedback', { params: { name: 'iris-strict' }, body: { items: [{ predictionId: known, label: 1 }, { predictionId: 'ghost-1', label: 0 }] } });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("'ghost-1'") });
    expect((await call('listDeploymentFeedback', { params: { name: 'iris-strict' } })).body.feedback).toEqual([]);
    expect((await call('recordDeploymentFeedback', { params: { name: 'nowhere' }, body: { items: [{ predictionId: known, label: 1 }] } })).status).toBe(404);
  });

  it('refuses bad labels with 400 and a stable code', async () => {
    await deployment('iris-bad');
    const id = (await logPrediction(server.app, 'iris-bad', { model: 'iris' })).id;
    const bad = [{ label: '' }, { label: null }, { label: { a: 1 } }, { label: 1, extra: true }, { label: 'x'.repeat(1001) }];
    for (const body of bad) {
      const answer = await call('recordFeedback', { params: { id }, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
    }
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ predictionId: `p${i}`, label: 1 }));
    expect((await call('recordDeploymentFeedback', { params: { name: 'iris-bad' }, body: { items: tooMany } })).status).toBe(400);
    expect((await call('recordDeploymentFeedback', { params: { name: 'iris-bad' }, body: { items: [] } })).status).toBe(400);
    // A comment alone is feedback too.
    expect((await call('recordFeedback', { params: { id }, body: { label: null, comment: 'odd input' } })).body.feedback).toMatchObject({ label: null, comment: 'odd input' });
  });

  it('queues unlabelled predictions for review, the least confident first', async () => {
    await deployment('iris-review');
    const confident = await logPrediction(server.app, 'iris-review', { model: 'iris', outputs: probabilities([0.96, 0.02, 0.02]) });
    const unsure = await logPrediction(server.app, 'iris-review', { model: 'iris', outputs: probabilities([0.34, 0.33, 0.33]) });
    const middling = await logPrediction(server.app, 'iris-review', { model: 'iris', outputs: probabilities([0.6, 0.3, 0.1]) });
    const labelled = await logPrediction(server.app, 'iris-review', { model: 'iris', outputs: probabilities([0.4, 0.3, 0.3]) });
    await call('recordFeedback', { params: { id: labelled.id }, body: { label: 0 } });
    const queue = await call('getReviewQueue', { params: { name: 'iris-review' }, query: { strategy: 'uncertainty', limit: '2' } });
    expect(queue.status).toBe(200);
    expect(queue.body.predictions.map((p: { id: string }) => p.id)).toEqual([unsure.id, middling.id]);
    expect(queue.body.predictions[0].uncertainty).toBeCloseTo(0.66, 6);
    const sample = await call('getReviewQueue', { params: { name: 'iris-review' }, query: { strategy: 'sample', limit: '10' } });
    expect(sample.body.predictions.map((p: { id: string }) => p.id).sort()).toEqual([confident.id, unsure.id, middling.id].sort());
    expect((await call('getReviewQueue', { params: { name: 'iris-review' }, query: { strategy: 'loudest' } })).status).toBe(400);
  });
});

describe.each(backends)('feedback access on %s', (backend) => {
  let alpha: AlphaProject;
  beforeAll(async () => {
    alpha = await startAlphaProject(backend);
  }, 120_000);
  afterAll(async () => {
    await alpha?.server.close();
  });

  it('lets viewers read feedback and the queue, contributors and up give it, and nobody else either', async () => {
    const writers = new Set(['contributor', 'deployer', 'approver', 'admin']);
    const readers = new Set([...writers, 'viewer']);
    for (const who of everyone) {
      const record = await logPrediction(alpha.server.app, 'alpha-serve', { model: alpha.model });
      const as = alpha.as[who];
      const single = await as.call('POST', `/api/v1/predictions/${record.id}/feedback`, { label: 'yes' });
      const bulk = await as.call('POST', '/api/v1/deployments/alpha-serve/feedback', { items: [{ predictionId: record.id, label: 'no' }] });
      expect([single.status, bulk.status], who).toEqual(writers.has(who) ? [200, 200] : [403, 403]);
      if (writers.has(who)) expect((single.body as { feedback: { createdBy: string } }).feedback.createdBy).toBe(userOf(who));
      const reads = [await as.call('GET', '/api/v1/deployments/alpha-serve/feedback'), await as.call('GET', '/api/v1/deployments/alpha-serve/review-queue')];
      expect(reads.map((r) => r.status), who).toEqual(readers.has(who) ? [200, 200] : [403, 403]);
    }
  });
});
