import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnApiError, CairnClient } from '../../src/client/index.js';
import { toLoggedTensors } from '../../src/domain/serving/logged-tensor.js';
import { backends } from '../support/backends.js';
import { logPrediction } from '../support/prediction-records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(backends)('client.predictions on %s', (backend) => {
  let server: TestServer;
  let client: CairnClient;
  let runId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false } });
    client = new CairnClient({ url: server.url });
    const experiment = await client.experiments.create('sdk-training');
    const run = await client.runs.create({ experimentId: experiment.experimentId, runName: 'fit', tags: { 'mlflow.source.git.commit': 'feedbee' } });
    runId = run.info.runId;
    await client.runs.logInputs(runId, [{ tags: [], dataset: { name: 'weather', digest: 'abc', sourceType: 'local', source: 'weather.csv' } }]);
    await client.runs.logBatch(runId, { metrics: [{ key: 'auc', value: NaN, timestamp: 1, step: 0 }] });
    await client.models.create('sdk-logged');
    await client.models.createVersion('sdk-logged', `runs:/${runId}/model`);
    await client.deployments.create('sdk-logged-dep', { versions: [{ model: 'sdk-logged', version: 1 }] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads a prediction with its lineage, metric values decoded', async () => {
    const record = await logPrediction(server.app, 'sdk-logged-dep', { model: 'sdk-logged' });
    const { prediction, lineage } = await client.predictions.get(record.id);
    expect(prediction).toEqual({
      id: record.id,
      time: record.time,
      deployment: 'sdk-logged-dep',
      project: 'default',
      revision: 1,
      model: 'sdk-logged',
      version: 1,
      inputs: toLoggedTensors(record.inputs),
      outputs: toLoggedTensors(record.outputs),
      latencyMs: record.latencyMs,
      shadows: [],
    });
    expect(lineage?.run).toMatchObject({ runId, codeVersion: { gitCommit: 'feedbee' }, datasets: [{ name: 'weather' }] });
    expect(lineage?.run?.metrics[0]?.value).toBeNaN();
  });

  it('pages through a deployment newest first and reports an unknown id as NOT_FOUND', async () => {
    for (let i = 0; i < 3; i += 1) await logPrediction(server.app, 'sdk-logged-dep', { model: 'sdk-logged' });
    const first = await client.predictions.list('sdk-logged-dep', { maxResults: 2 });
    expect(first.predictions).toHaveLength(2);
    const second = await client.predictions.list('sdk-logged-dep', { maxResults: 2, pageToken: first.nextPageToken! });
    const times = [...first.predictions, ...second.predictions].map((p) => p.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    await expect(client.predictions.get('no-such-prediction')).rejects.toSatisfy((e) => e instanceof CairnApiError && e.code === 'NOT_FOUND');
  });
});
