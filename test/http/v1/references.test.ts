import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { linearClassifierModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { logPrediction } from '../../support/prediction-records.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { ReferenceSqlStore } from '../../../src/storage/sql/reference-sql-store.js';
import { WindowSketch, type SketchLayout } from '../../../src/domain/monitoring/profile/window-sketch.js';
import { testAudit } from '../../support/test-audit.js';
import { nativeApi, type NativeApi } from './native-client.js';

const vega = (name: string) => fileURLToPath(new URL(`../../../node_modules/vega-datasets/data/${name}`, import.meta.url));
const monitorSpec = (name: string) => ({
  name,
  schedule: '0 * * * *',
  window: { kind: 'time', minutes: 60 },
  checks: [{ kind: 'dataset_drift', severity: 'warning' }],
  actions: [],
  enabled: true,
});

describe.each(backends)('monitor references over HTTP on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let weather: Buffer;
  let experimentId: string;

  async function putFile(monitorId: number, body: Uint8Array | string, contentType: string | null, query = ''): Promise<{ status: number; body: any }> {
    const response = await fetch(`${server.url}/api/v1/monitors/${monitorId}/reference${query}`, {
      method: 'PUT',
      headers: contentType ? { 'content-type': contentType } : {},
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  /** A run holding the iris model (and `files`) registered as a new version of `model`; answers the run id. */
  async function version(model: string, files: Record<string, Uint8Array> = {}, datasets: unknown[] = []): Promise<string> {
    const runId: string = (await call('createRun', { body: { experimentId } })).body.run.info.runId;
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, weights: [0.5, -1, 0.25, 1.5, 0.75, -0.5, -2, 0.125, 1, 0.3, -0.6, 0.9], bias: [0.1, -0.2, 0.05] }));
    for (const [path, content] of Object.entries({ 'model.onnx': bytes, ...files })) {
      const put = await fetch(`${server.url}/api/v1/runs/${runId}/artifacts/content?path=${path}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: content });
      expect(put.status).toBe(201);
    }
    if (datasets.length > 0) {
      const logged = await fetch(`${server.url}/api/2.0/mlflow/runs/log-inputs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run_id: runId, datasets }) });
      expect(logged.status).toBe(200);
    }
    if ((await call('getModel', { params: { name: model } })).status === 404) await call('createModel', { body: { name: model } });
    expect((await call('createModelVersion', { params: { name: model }, body: { source: `runs:/${runId}/model.onnx` } })).status).toBe(201);
    return runId;
  }

  async function monitorOn(deployment: string, model: string, versionNumber = 1): Promise<number> {
    if ((await call('getDeployment', { params: { name: deployment } })).status === 404) {
      expect((await call('createDeployment', { body: { name: deployment, spec: { versions: [{ model, version: versionNumber }] } } })).status).toBe(201);
    }
    const created = await call('createMonitor', { params: { name: deployment }, body: monitorSpec(`m-${Math.random().toString(36).slice(2, 8)}`) });
    expect(created.status).toBe(201);
    return created.body.monitor.id as number;
  }

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false } });
    call = nativeApi(server.url);
    weather = await readFile(vega('seattle-weather.csv'));
    experimentId = (await call('createExperiment', { body: { name: 'weather-training' } })).body.experiment.experimentId;
    await version('iris');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('sets a reference from an uploaded CSV, profiles it and keeps its sketch for monitor runs', async () => {
    const id = await monitorOn('weather-api', 'iris');
    const set = await putFile(id, weather, 'text/csv', '?name=seattle-weather.csv');
    expect(set.status).toBe(200);
    expect(set.body.reference).toMatchObject({ monitorId: id, source: 'upload', description: 'seattle-weather.csv', rows: 1461, createdBy: 'local' });
    const names = set.body.reference.profile.columns.map((c: { name: string }) => c.name);
    // `date` is a datetime: skipped, as drift skips it.
    expect(names).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    const weatherColumn = set.body.reference.profile.columns[4];
    expect(weatherColumn).toMatchObject({ type: 'categorical', count: 1461, distinct: 5, newShare: null });
    expect(weatherColumn.values[0]).toEqual({ value: 'rain', count: 641 });

    const shown = await call('getMonitorReference', { params: { id: String(id) } });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(set.body);

    // What a monitor run loads: the stored layout and the reference's sketch.
    const stored = await new ReferenceSqlStore(server.app.database.db, testAudit(server.app.database).audit).get(id);
    const sketch = WindowSketch.fromJSON(stored!.layout as SketchLayout, stored!.sketch);
    expect(sketch.rows).toBe(1461);
    const samples = sketch.samples();
    expect(samples.map((s) => [s.name, s.type])).toEqual([
      ['precipitation', 'numerical'],
      ['temp_max', 'numerical'],
      ['temp_min', 'numerical'],
      ['wind', 'numerical'],
      ['weather', 'categorical'],
    ]);
    expect(samples[4]!.type === 'categorical' && samples[4]!.counts.get('sun')).toBe(640);

    const events = await server.app.database.db.selectFrom('audit_events').select('details').where('action', '=', 'monitor.reference.set').where('resource_id', '=', String(id)).execute();
    expect(events.map((e) => JSON.parse(e.details))).toEqual([{ monitorId: id, source: 'upload', description: 'seattle-weather.csv', rows: 1461 }]);
  });

  it('reads JSON lines and takes column types chosen by the caller', async () => {
    const id = await monitorOn('weather-api', 'iris');
    const lines = ['{"code": 1, "score": 0.5, "note": "a"}', '{"code": 2, "score": 1.5, "note": "b"}', '{"code": 1, "score": null, "note": "c"}'].join('\n');
    const set = await putFile(id, lines, 'application/x-ndjson', '?columnTypes=code=numerical,note=ignore');
    expect(set.status).toBe(200);
    expect(set.body.reference.profile.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ['code', 'numerical'],
      ['score', 'numerical'],
    ]);
    expect(set.body.reference.profile.columns[1]).toMatchObject({ count: 2, missing: 1 });
  });

  it('refuses bad uploads with a 400 that says what to do, and unknown monitors with 404', async () => {
    const id = await monitorOn('weather-api', 'iris');
    const unknownFormat = await putFile(id, 'a,b\n1,2\n', 'application/octet-stream');
    expect(unknownFormat.status).toBe(400);
    expect(unknownFormat.body.error.message).toMatch(/Content-Type text\/csv/);
    expect((await putFile(id, '', 'text/csv')).body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'reference file is empty' });
    const badCsv = await putFile(id, 'a,b\n1,"2\n', 'text/csv');
    expect(badCsv.status).toBe(400);
    const textOnly = await putFile(id, 'id\nx1\nx2\nx3\n', 'text/csv');
    expect(textOnly.body.error.message).toMatch(/no numerical or categorical column/);
    const badTypes = await putFile(id, 'a\n1\n', 'text/csv', '?columnTypes=zzz=numerical');
    expect(badTypes.body.error.message).toMatch(/no column named zzz/);
    expect((await putFile(id, 'a\n1\n', 'text/csv', '?columnTypes=a=bogus')).status).toBe(400);
    expect((await putFile(id, '{"source": "nowhere"}', 'application/json')).status).toBe(400);
    expect((await putFile(id, '{not json', 'application/json')).body.error.message).toBe('body: not valid JSON');
    expect((await putFile(999_999, 'a\n1\n', 'text/csv')).status).toBe(404);
    const none = await call('getMonitorReference', { params: { id: String(id) } });
    expect(none.status).toBe(404);
    expect(none.body.error.message).toMatch(/no reference yet/);
  });

  it("sets a reference from a range of the deployment's own predictions", async () => {
    const id = await monitorOn('logged-api', 'iris');
    const from = Date.now();
    for (const row of [[1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6]]) {
      await logPrediction(server.app, 'logged-api', {
        model: 'iris',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: row }],
        outputs: [{ name: 'label', datatype: 'INT64', shape: [1], data: [row[0]! % 2] }],
      });
    }
    const to = Date.now() + 1;
    const set = await putFile(id, JSON.stringify({ source: 'predictions', from, to }), 'application/json');
    expect(set.status).toBe(200);
    expect(set.body.reference).toMatchObject({ source: 'predictions', rows: 3 });
    expect(set.body.reference.profile.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      // FP32 inputs are floats whatever their values; an INT64 label with two values is categorical.
      ['input[0]', 'numerical'],
      ['input[1]', 'numerical'],
      ['input[2]', 'numerical'],
      ['input[3]', 'numerical'],
      ['label', 'categorical'],
    ]);
    const empty = await putFile(id, JSON.stringify({ source: 'predictions', from: 1, to: 2 }), 'application/json');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/logged no predictions/);
    expect((await putFile(id, JSON.stringify({ source: 'predictions', from: 5, to: 5 }), 'application/json')).status).toBe(400);
  });

  it('sets a reference from the training dataset the served version logged, when Cairn holds its file', async () => {
    const training = [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'weather', digest: 'abc', source_type: 'local', source: '' } }];
    const runId = await version('weather-model', { 'data/train.csv': weather }, []);
    // The dataset names the run's own artifact (MLflow keeps the source as JSON).
    await fetch(`${server.url}/api/2.0/mlflow/runs/log-inputs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ run_id: runId, datasets: [{ ...training[0], dataset: { ...training[0]!.dataset, source: JSON.stringify({ uri: `runs:/${runId}/data/train.csv` }) } }] }),
    });
    const id = await monitorOn('trained-api', 'weather-model');
    const set = await putFile(id, JSON.stringify({ source: 'lineage' }), 'application/json');
    expect(set.status).toBe(200);
    expect(set.body.reference).toMatchObject({ source: 'lineage', description: `runs:/${runId}/data/train.csv`, rows: 1461 });

    await version('weather-model', {}, [{ ...training[0], dataset: { ...training[0]!.dataset, digest: 'def', source: '{"uri": "s3://bucket/train.csv"}' } }]);
    const elsewhere = await monitorOn('s3-api', 'weather-model', 2);
    const refused = await putFile(elsewhere, JSON.stringify({ source: 'lineage' }), 'application/json');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/s3:\/\/bucket\/train\.csv.*which Cairn does not hold; upload the training file instead/);

    // The full artifact URI of the same file works too.
    const uri = (await call('getRun', { params: { runId } })).body.run.info.artifactUri as string;
    await version('weather-model', {}, [{ ...training[0], dataset: { ...training[0]!.dataset, digest: 'ghi', source: JSON.stringify({ uri: `${uri}/data/train.csv` }) } }]);
    const byUri = await monitorOn('uri-api', 'weather-model', 3);
    const viaUri = await putFile(byUri, JSON.stringify({ source: 'lineage' }), 'application/json');
    expect(viaUri.status).toBe(200);
    expect(viaUri.body.reference).toMatchObject({ description: `${uri}/data/train.csv`, rows: 1461 });

    await version('weather-model');
    const noDataset = await monitorOn('bare-api', 'weather-model', 4);
    expect((await putFile(noDataset, JSON.stringify({ source: 'lineage' }), 'application/json')).body.error.message).toMatch(/logged no dataset input/);
  });

  it('follows the deployment: a run after it serves another version takes that version’s training data', async () => {
    const training = (source: string, digest: string) => [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'weather', digest, source_type: 'local', source } }];
    const first = await version('follower', { 'data/train.csv': weather });
    await fetch(`${server.url}/api/2.0/mlflow/runs/log-inputs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run_id: first, datasets: training(JSON.stringify({ uri: `runs:/${first}/data/train.csv` }), 'v1') }) });
    const id = await monitorOn('follower-api', 'follower');
    const set = await putFile(id, JSON.stringify({ source: 'lineage', columnTypes: { wind: 'ignore' } }), 'application/json');
    expect(set.body.reference).toMatchObject({ source: 'lineage', modelVersion: { model: 'follower', version: 1 } });
    const redeploy = async (v: number) => expect((await call('updateDeployment', { params: { name: 'follower-api' }, body: { spec: { versions: [{ model: 'follower', version: v }] } } })).status).toBe(200);
    const runNow = async () => expect((await call('runMonitor', { params: { id: String(id) } })).status).toBe(200);
    const reference = async () => (await call('getMonitorReference', { params: { id: String(id) } })).body.reference;

    // Version 2's dataset lives where Cairn cannot read it: the run keeps version 1's reference.
    await version('follower', {}, training('{"uri": "s3://bucket/train.csv"}', 'v2'));
    await redeploy(2);
    await runNow();
    expect(await reference()).toMatchObject({ modelVersion: { model: 'follower', version: 1 }, description: `runs:/${first}/data/train.csv` });

    // Version 3 logged a smaller training file of its own: the next run takes it, with the column types chosen before.
    const lines = weather.toString('utf8').split('\n');
    const third = await version('follower', { 'data/train.csv': Buffer.from(lines.slice(0, 101).join('\n')) });
    await fetch(`${server.url}/api/2.0/mlflow/runs/log-inputs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ run_id: third, datasets: training(JSON.stringify({ uri: `runs:/${third}/data/train.csv` }), 'v3') }) });
    await redeploy(3);
    await runNow();
    const followed = await reference();
    expect(followed).toMatchObject({ source: 'lineage', modelVersion: { model: 'follower', version: 3 }, description: `runs:/${third}/data/train.csv`, rows: 100 });
    expect(followed.profile.columns.map((c: { name: string }) => c.name)).not.toContain('wind');
  });
});
