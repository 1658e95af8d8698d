import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { logPrediction } from '../support/prediction-records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn monitors and cairn alerts', () => {
  let server: TestServer;
  let client: CairnClient;
  let scratch: string;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite', predictionLog: { retention: false }, monitorSettleMs: 0, monitorScheduler: { start: false } });
    client = new CairnClient({ url: server.url });
    const experiment = await client.experiments.create('cli-monitors');
    const runId = (await client.runs.create({ experimentId: experiment.experimentId })).info.runId;
    await client.models.create('cli-mon');
    await client.models.createVersion('cli-mon', `runs:/${runId}/model`);
    await client.deployments.create('cli-mon-dep', { versions: [{ model: 'cli-mon', version: 1 }] });
    scratch = await mkdtemp(join(tmpdir(), 'cairn-monitors-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates a monitor from a spec file, runs it, and handles the alert it opens', async () => {
    const specFile = join(scratch, 'spec.json');
    await writeFile(specFile, JSON.stringify({ name: 'pairs', schedule: '*/5 * * * *', window: { kind: 'count', predictions: 2 }, checks: [{ kind: 'feature_drift', feature: 'input[0]', severity: 'critical' }] }));
    const created = await cli('monitors', 'create', 'cli-mon-dep', '--spec', specFile, '--json');
    expect(created.code, created.stderr).toBe(0);
    const monitor = JSON.parse(created.stdout);
    expect(monitor).toMatchObject({ name: 'pairs', deployment: 'cli-mon-dep', enabled: true });

    const listed = await cli('monitors', 'list', 'cli-mon-dep');
    expect(listed.stdout).toMatch(new RegExp(`${monitor.id}\\s+pairs\\s+\\*/5 \\* \\* \\* \\*\\s+every 2 predictions\\s+feature_drift:input\\[0\\]\\s+yes`));

    // Reference: input[0] spread over [0, 1); the two logged predictions sit far outside it.
    const csv = join(scratch, 'reference.csv');
    await writeFile(csv, `input[0],input[1]\n${Array.from({ length: 50 }, (_, i) => `${i / 50},${1 - i / 50}`).join('\n')}\n`);
    await client.references.upload(monitor.id, csv);
    for (const x of [50, 60]) await logPrediction(server.app, 'cli-mon-dep', { model: 'cli-mon', inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [x, 0.5] }] });

    const run = await cli('monitors', 'run', String(monitor.id));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('Read 2 predictions, closed 1 windows, stored 1 results; alerts opened 1, resolved 0.\n');
    const results = await cli('monitors', 'results', String(monitor.id), '--check', 'feature_drift:input[0]');
    expect(results.stdout).toMatch(/feature_drift:input\[0\]\s+ks\s+[\d.e-]+\s+0\.05\s+2\s+FAIL \(critical\)/);
    const windows = JSON.parse((await cli('monitors', 'windows', String(monitor.id), '--json')).stdout);
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ closed: true, rows: 2 });

    const alerts = JSON.parse((await cli('alerts', 'list', 'cli-mon-dep', '--status', 'open', '--json')).stdout);
    expect(alerts).toHaveLength(1);
    expect((await cli('alerts', 'ack', String(alerts[0].id))).stdout).toBe(`Alert ${alerts[0].id} (feature_drift:input[0]) is acknowledged.\n`);
    expect((await cli('alerts', 'resolve', String(alerts[0].id))).stdout).toBe(`Alert ${alerts[0].id} (feature_drift:input[0]) is resolved.\n`);
    const again = await cli('alerts', 'resolve', String(alerts[0].id));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/resolved/);
    expect((await cli('alerts', 'list', 'cli-mon-dep', '--status', 'closed')).code).toBe(2);
  }, 120_000);
});
