import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

const rows = [
  [1, 2, 3, 4],
  [-1.5, 0.25, 2, -3],
];
const oipBody = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };

/** Trains nothing, but records what a training run would: code version tags, a dataset input, the ONNX file. */
async function registerTrainedModel(url: string, call: NativeApi, model: string): Promise<string> {
  const experimentId: string = (await call('createExperiment', { body: { name: `${model}-training` } })).body.experiment.experimentId;
  const tags = [
    { key: 'mlflow.source.git.commit', value: 'a1b2c3d' },
    { key: 'mlflow.source.git.branch', value: 'main' },
    { key: 'mlflow.source.name', value: 'train.py' },
  ];
  const runId: string = (await call('createRun', { body: { experimentId, runName: 'fit-1', tags } })).body.run.info.runId;
  const dataset = { name: 'seattle-weather', digest: 'd1g35t', sourceType: 'local', source: 'data/seattle-weather.csv' };
  expect((await call('logInputs', { params: { runId }, body: { datasets: [{ dataset, tags: [{ key: 'mlflow.data.context', value: 'training' }] }] } })).status).toBe(200);
  const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights: [0.5, -1, 0.25, 1.5, 0.75, -0.5, -2, 0.125, 1, 0.3, -0.6, 0.9], bias: [0.1, -0.2, 0.05] }));
  const put = await fetch(`${url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  expect(put.status).toBe(201);
  await call('createModel', { body: { name: model } });
  expect((await call('createModelVersion', { params: { name: model }, body: { source: `runs:/${runId}/model.onnx` } })).body.version).toMatchObject({ version: 1, status: 'READY' });
  return runId;
}

async function infer(url: string, deployment: string): Promise<string> {
  const response = await fetch(`${url}/v2/models/${deployment}/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(oipBody) });
  expect(response.status).toBe(200);
  return response.headers.get('x-prediction-id')!;
}

describe.each(backends)('the prediction log over HTTP on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let runId: string;

  /** The inference path hands a prediction to the log once its shadows are done: flush until it is there. */
  async function logged(id: string) {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      await server.app.predictionLog.flush();
      const answer = await call('getPrediction', { params: { id } });
      if (answer.status === 200) return answer.body;
      expect(answer.status).toBe(404);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`prediction ${id} never reached the log`);
  }

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false } });
    call = nativeApi(server.url);
    runId = await registerTrainedModel(server.url, call, 'weather');
    expect((await call('createDeployment', { body: { name: 'weather-api', spec: { versions: [{ model: 'weather', version: 1 }] } } })).status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers a served prediction with its inputs, outputs and the lineage of the version that made it', async () => {
    const id = await infer(server.url, 'weather-api');
    const { prediction, lineage } = await logged(id);
    expect(prediction).toMatchObject({ id, deployment: 'weather-api', project: 'default', revision: 1, model: 'weather', version: 1, shadows: [] });
    expect(prediction.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }]);
    expect(prediction.outputs[0]).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [2, 3] });
    expect(prediction.latencyMs).toBeGreaterThanOrEqual(0);
    expect(lineage.version).toMatchObject({ name: 'weather', version: 1, runId, format: 'onnx' });
    expect(lineage.run).toMatchObject({
      runId,
      runName: 'fit-1',
      experimentName: 'weather-training',
      codeVersion: { gitCommit: 'a1b2c3d', gitBranch: 'main', sourceName: 'train.py' },
      datasets: [{ name: 'seattle-weather', digest: 'd1g35t', source: 'data/seattle-weather.csv', context: 'training' }],
    });
  });

  it("lists a deployment's predictions newest first, page by page", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push(await infer(server.url, 'weather-api'));
    for (const id of ids) await logged(id);
    const all: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call('listDeploymentPredictions', { params: { name: 'weather-api' }, query: { maxResults: '2', ...(pageToken ? { pageToken } : {}) } });
      expect(page.status).toBe(200);
      expect(page.body.predictions.length).toBeLessThanOrEqual(2);
      all.push(...page.body.predictions.map((p: { id: string }) => p.id));
      pageToken = page.body.nextPageToken;
    } while (pageToken);
    expect(all).toHaveLength(new Set(all).size);
    expect(all).toEqual(expect.arrayContaining(ids));
    const times = await Promise.all(all.map(async (id) => (await call('getPrediction', { params: { id } })).body.prediction.time as number));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('answers NOT_FOUND for an unknown prediction, an unknown deployment and a bad page token', async () => {
    const unknown = await call('getPrediction', { params: { id: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await call('listDeploymentPredictions', { params: { name: 'nowhere' } })).status).toBe(404);
    const bad = await call('listDeploymentPredictions', { params: { name: 'weather-api' }, query: { pageToken: 'not-a-token' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('keeps answering a prediction whose model version was deleted, without lineage', async () => {
    const id = await infer(server.url, 'weather-api');
    await logged(id);
    // A second version takes the traffic, so the first may go.
    const source = `runs:/${runId}/model.onnx`;
    expect((await call('createModelVersion', { params: { name: 'weather' }, body: { source } })).status).toBe(201);
    expect((await call('updateDeployment', { params: { name: 'weather-api' }, body: { spec: { versions: [{ model: 'weather', version: 2 }] } } })).status).toBe(200);
    expect((await call('deleteModelVersion', { params: { name: 'weather', version: '1' } })).status).toBe(200);
    const answer = await call('getPrediction', { params: { id } });
    expect(answer.status).toBe(200);
    expect(answer.body.lineage).toBeNull();
    expect(answer.body.prediction.version).toBe(1);
  });

  it('counts the log queue and its drops in the Prometheus metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^cairn_prediction_log_queued \d+$/m);
    expect(text).toContain('# TYPE cairn_prediction_log_dropped_total counter');
  });
});
