import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { logPrediction } from '../support/prediction-records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn monitors reference commands', () => {
  let server: TestServer;
  let client: CairnClient;
  let scratch: string;
  let monitorId: number;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite', predictionLog: { retention: false } });
    client = new CairnClient({ url: server.url });
    const experiment = await client.experiments.create('cli-reference');
    const runId = (await client.runs.create({ experimentId: experiment.experimentId })).info.runId;
    await client.models.create('cli-ref');
    await client.models.createVersion('cli-ref', `runs:/${runId}/model`);
    await client.deployments.create('cli-ref-dep', { versions: [{ model: 'cli-ref', version: 1 }] });
    const created = await fetch(`${server.url}/api/v1/deployments/cli-ref-dep/monitors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'drift', schedule: '0 * * * *', window: { kind: 'time', minutes: 60 }, checks: [{ kind: 'dataset_drift', severity: 'warning' }], actions: [], enabled: true }),
    });
    expect(created.status).toBe(201);
    monitorId = ((await created.json()) as { monitor: { id: number } }).monitor.id;
    scratch = await mkdtemp(join(tmpdir(), 'cairn-reference-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('sets a reference from a file with column types, and shows it', async () => {
    const csv = join(scratch, 'train.csv');
    await writeFile(csv, 'zip,amount,kind\n1001,10.5,a\n1002,20.25,b\n1001,7,a\n');
    const set = await cli('monitors', 'reference', 'set', String(monitorId), csv, '--column-type', 'zip=categorical');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(`Monitor ${monitorId} reference: upload train.csv`);
    expect(set.stdout).toMatch(/zip\s+categorical\s+3\s+0\s+2 values: 1001 \(2\), 1002 \(1\)/);
    expect(set.stdout).toMatch(/amount\s+numerical\s+3\s+0\s+mean 12\.58, std 5\.\d+, min 7, max 20\.25/);
    const shown = JSON.parse((await cli('monitors', 'reference', 'show', String(monitorId), '--json')).stdout);
    expect(shown.reference).toMatchObject({ monitorId, source: 'upload', description: 'train.csv', rows: 3 });
  });

  it('sets a reference from logged predictions between two times', async () => {
    const from = Date.now();
    await logPrediction(server.app, 'cli-ref-dep', { model: 'cli-ref', inputs: [{ name: 'x', datatype: 'FP32', shape: [2], data: [1.5, 2.5] }] });
    const set = await cli('monitors', 'reference', 'set', String(monitorId), '--from', String(from), '--to', String(Date.now() + 1), '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).reference).toMatchObject({ source: 'predictions', rows: 2 });
  });

  it('refuses an ambiguous source and reports server refusals with exit code 1', async () => {
    const both = await cli('monitors', 'reference', 'set', String(monitorId), '--lineage', '--from', '2026-01-01');
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('give exactly one of');
    const lineage = await cli('monitors', 'reference', 'set', String(monitorId), '--lineage');
    expect(lineage.code).toBe(1);
    expect(lineage.stderr).toContain('(INVALID_ARGUMENT)');
    expect((await cli('monitors', 'reference', 'show', '424242')).stderr).toContain('(NOT_FOUND)');
    expect((await cli('monitors', 'reference', 'show', 'abc')).code).toBe(2);
  });
});
