import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { logPrediction } from '../support/prediction-records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn feedback commands', () => {
  let server: TestServer;
  let client: CairnClient;
  let scratch: string;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite', predictionLog: { retention: false } });
    client = new CairnClient({ url: server.url });
    const experiment = await client.experiments.create('cli-feedback');
    const runId = (await client.runs.create({ experimentId: experiment.experimentId })).info.runId;
    await client.models.create('cli-fb');
    await client.models.createVersion('cli-fb', `runs:/${runId}/model`);
    await client.deployments.create('cli-fb-dep', { versions: [{ model: 'cli-fb', version: 1 }] });
    scratch = await mkdtemp(join(tmpdir(), 'cairn-feedback-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('adds one label, reading a number as a number unless --text', async () => {
    const record = await logPrediction(server.app, 'cli-fb-dep', { model: 'cli-fb' });
    const added = await cli('feedback', 'add', record.id, '3.5', '--comment', 'measured');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`Recorded label 3.5 for prediction ${record.id} (cli-fb-dep)`);
    const text = JSON.parse((await cli('feedback', 'add', record.id, '7', '--text', '--json')).stdout);
    expect(text.feedback).toMatchObject({ label: '7', source: 'expert' });
    const missing = await cli('feedback', 'add', 'no-such-id', 'x');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('(NOT_FOUND)');
  });

  it('imports CSV and JSON lines files all-or-nothing, and lists and queues', async () => {
    const records = await Promise.all([0, 1, 2].map(() => logPrediction(server.app, 'cli-fb-dep', { model: 'cli-fb' })));
    const csv = join(scratch, 'labels.csv');
    await writeFile(csv, `prediction_id,label,comment\n${records[0]!.id},cat,"fluffy, grey"\n${records[1]!.id},dog,\n`);
    const imported = await cli('feedback', 'import', csv, '--deployment', 'cli-fb-dep');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('Recorded 2 labels for deployment cli-fb-dep.');

    const jsonl = join(scratch, 'labels.jsonl');
    await writeFile(jsonl, `{"prediction_id":"${records[2]!.id}","label":"cat"}\n{"prediction_id":"ghost","label":"dog"}\n`);
    const refused = await cli('feedback', 'import', jsonl, '--deployment', 'cli-fb-dep');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("'ghost'");

    const bad = join(scratch, 'bad.csv');
    await writeFile(bad, 'id,label\nx,1\n');
    expect((await cli('feedback', 'import', bad, '--deployment', 'cli-fb-dep')).stderr).toContain('needs the columns prediction_id and label');

    const listed = await cli('feedback', 'list', 'cli-fb-dep');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^PREDICTION\s+PREDICTED AT\s+LABEL\s+SOURCE\s+BY\s+AT\s+COMMENT$/);
    expect(listed.stdout).toContain('fluffy, grey');

    const queue = JSON.parse((await cli('feedback', 'queue', 'cli-fb-dep', '--json')).stdout);
    expect(queue.predictions.map((p: { id: string }) => p.id)).toContain(records[2]!.id);
    expect(queue.predictions.map((p: { id: string }) => p.id)).not.toContain(records[0]!.id);
  });
});
