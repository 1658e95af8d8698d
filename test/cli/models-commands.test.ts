import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn models commands', () => {
  let server: TestServer;
  let runId: string;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    const client = new CairnClient({ url: server.url });
    const run = await client.startRun({
      experimentName: 'cli-models',
      runName: 'gbm',
      captureCodeVersion: false,
      tags: { 'mlflow.source.git.commit': 'c0ffee', 'mlflow.source.git.branch': 'main', 'cairn.source.git.dirty': 'true' },
    });
    runId = run.runId;
    await run.logParams({ max_depth: 6 });
    run.logMetric('auc', 0.93);
    await run.end();
    await client.models.create('cli-scorer');
    await client.models.createVersion('cli-scorer', `runs:/${runId}/model`);
    await client.models.createVersion('cli-scorer', 'mlflow-artifacts:/uploads/model');
    await client.models.setAlias('cli-scorer', 'champion', 1);
  });
  afterAll(() => server.close());

  it('lists models as a table and as JSON', async () => {
    const [table, json] = await Promise.all([cli('models', 'list'), cli('models', 'list', '--json')]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+LATEST\s+ALIASES\s+UPDATED/);
    expect(table.stdout).toMatch(/cli-scorer\s+2\s+champion=1/);
    expect(JSON.parse(json.stdout).models.map((m: { name: string }) => m.name)).toEqual(['cli-scorer']);
  });

  it('shows a model with its versions, and its lineage as text and JSON', async () => {
    const [show, lineage, lineageJson, noRun] = await Promise.all([
      cli('models', 'show', 'cli-scorer'),
      cli('models', 'lineage', 'cli-scorer', '1'),
      cli('models', 'lineage', 'cli-scorer', '1', '--json'),
      cli('models', 'lineage', 'cli-scorer', '2'),
    ]);
    expect(show.stdout).toMatch(/^\s*1\s+champion\s+None\s+[0-9a-f]{32}\s+runs:\//m);
    expect(lineage.code).toBe(0);
    expect(lineage.stdout).toContain(`Run ID:      ${runId}`);
    expect(lineage.stdout).toContain('Experiment:  cli-models');
    expect(lineage.stdout).toContain('c0ffee (uncommitted changes)');
    expect(lineage.stdout).toMatch(/max_depth\s+6/);
    expect(JSON.parse(lineageJson.stdout).run).toMatchObject({ runId, codeVersion: { gitBranch: 'main', gitDirty: true } });
    expect(noRun.stdout).toContain('No run');
  });

  it('shows a model card with its completeness, as text and JSON', async () => {
    const client = new CairnClient({ url: server.url });
    const before = await cli('models', 'card', 'cli-scorer');
    expect(before.code).toBe(0);
    expect(before.stdout).toContain('Risk tier:       (not assessed)');
    expect(before.stdout).toContain('No evaluation summary.');
    await client.models.updateCard('cli-scorer', { owner: 'risk', intendedUse: 'review', limitations: 'EU', trainingData: 'tx', riskTier: 'high', riskRationale: 'blocks payments' });
    await client.models.fillEvaluation('cli-scorer', 1, { updatedBy: 'ana' });
    const [card, json] = await Promise.all([cli('models', 'card', 'cli-scorer'), cli('models', 'card', 'cli-scorer', '--json')]);
    expect(card.stdout).toContain('Risk tier:       high');
    expect(card.stdout).toContain('Complete:        yes');
    expect(card.stdout).toContain(`Evaluation (version 1, run ${runId})`);
    expect(card.stdout).toMatch(/auc\s+0\.93/);
    expect(JSON.parse(json.stdout)).toMatchObject({ card: { riskTier: 'high', updatedBy: 'local' }, completeness: { complete: true } });
  });

  it('fails with exit code 1 for an unknown model and 2 for a bad version', async () => {
    const [missing, bad] = await Promise.all([cli('models', 'lineage', 'nope', '1', '--json'), cli('models', 'lineage', 'nope', 'x')]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('NOT_FOUND');
    expect(bad.code).toBe(2);
  });
});
