import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { logPrediction } from '../support/prediction-records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn predictions commands', () => {
  let server: TestServer;
  let runId: string;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite', predictionLog: { retention: false } });
    const client = new CairnClient({ url: server.url });
    const experiment = await client.experiments.create('cli-training');
    const tags = { 'mlflow.source.git.commit': 'c0ffee1', 'mlflow.source.git.branch': 'main', 'mlflow.source.name': 'train.py' };
    runId = (await client.runs.create({ experimentId: experiment.experimentId, runName: 'cli-fit', tags })).info.runId;
    await client.runs.logInputs(runId, [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'weather', digest: 'd1', sourceType: 'local', source: 'weather.csv' } }]);
    await client.models.create('cli-logged');
    await client.models.createVersion('cli-logged', `runs:/${runId}/model`);
    await client.deployments.create('cli-logged-dep', { versions: [{ model: 'cli-logged', version: 1 }] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows a prediction with its tensors, shadows and lineage, or as JSON', async () => {
    const shadows = [{ model: 'cli-logged', version: 1, latencyMs: 2, outputs: null, error: 'boom' }];
    const record = await logPrediction(server.app, 'cli-logged-dep', { model: 'cli-logged', shadows });
    const shown = await cli('predictions', 'show', record.id);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Prediction:      ${record.id}`);
    expect(shown.stdout).toContain('Deployment:      cli-logged-dep (project default), revision 1');
    expect(shown.stdout).toContain('Model:           cli-logged version 1');
    expect(shown.stdout).toContain('Inputs:          input FP32 [1,2]: 0.5, -1');
    expect(shown.stdout).toContain('Outputs:         label INT64 [1]: 9007199254740993');
    expect(shown.stdout).toContain('Shadows:         cli-logged:1 in 2.0 ms: failed: boom');
    expect(shown.stdout).toContain(`Run:             ${runId} (cli-fit)`);
    expect(shown.stdout).toContain('Experiment:      cli-training');
    expect(shown.stdout).toContain('Code:            train.py, commit c0ffee1, branch main');
    expect(shown.stdout).toMatch(/weather\s+training\s+d1\s+weather\.csv \(local\)/);

    const json = await cli('predictions', 'show', record.id, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ prediction: { id: record.id, shadows }, lineage: { run: { runId } } });
  });

  it('lists a deployment newest first and hints at the next page', async () => {
    for (let i = 0; i < 3; i += 1) await logPrediction(server.app, 'cli-logged-dep', { model: 'cli-logged' });
    const listed = await cli('predictions', 'list', 'cli-logged-dep', '--max-results', '2');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+TIME\s+REVISION\s+MODEL\s+LATENCY MS\s+SHADOWS$/);
    expect(listed.stdout.trim().split('\n')).toHaveLength(3);
    expect(listed.stderr).toContain('More predictions: add --page-token');
    const json = JSON.parse((await cli('predictions', 'list', 'cli-logged-dep', '--json')).stdout);
    expect(json.predictions.length).toBeGreaterThanOrEqual(4);
  });

  it('reports an unknown prediction with NOT_FOUND and exit code 1', async () => {
    const result = await cli('predictions', 'show', 'no-such-id');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('(NOT_FOUND)');
  });
});
