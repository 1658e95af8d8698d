import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn models promote, approvals and policies commands', () => {
  let server: TestServer;
  let client: CairnClient;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: server.url });
    await client.models.create('cli-promoted');
    for (const auc of [0.8, 0.9]) {
      const run = await client.startRun({ experimentName: 'cli-approvals', captureCodeVersion: false });
      run.logMetric('auc', auc);
      await run.end();
      await client.models.createVersion('cli-promoted', `runs:/${run.runId}/model`);
    }
    await client.models.updateCard('cli-promoted', {
      owner: 'ml-team',
      intendedUse: 'ranking',
      limitations: 'none known',
      trainingData: 'clicks 2024',
      riskTier: 'medium',
      riskRationale: 'reviewed weekly',
    });
  });
  afterAll(() => server.close());

  it('sets a policy, requests a promotion with its evidence, lists it and approves it, moving the alias', async () => {
    const set = await cli('policies', 'set', 'medium', '--approvals', '1', '--check', 'card_complete', 'beats_current', '--metric', 'auc');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/medium\s+1\s+no\s+card_complete beats_current\s+auc \(higher is better\)\s+project/);

    const promote = await cli('models', 'promote', 'cli-promoted', '2', '--to', 'production', '--comment', 'better auc');
    expect(promote.code).toBe(0);
    expect(promote.stdout).toContain('Opened promotion request');
    expect(promote.stdout).toContain('cli-promoted version 2 -> production');
    expect(promote.stdout).toMatch(/auc \(higher is better\): candidate 0\.9, current \(nobody holds the alias\)/);
    expect(promote.stdout).toMatch(/beats_current\s+passed/);

    const listed = await cli('approvals', 'list', '--json');
    const [request] = JSON.parse(listed.stdout).promotions;
    expect(request).toMatchObject({ model: 'cli-promoted', version: 2, alias: 'production', status: 'open' });
    expect((await cli('approvals', 'list')).stdout).toMatch(new RegExp(`^\\s*${request.id}\\s+cli-promoted\\s+2\\s+production\\s+open\\s+0/1\\s+passed\\s+local`, 'm'));

    const approve = await cli('approvals', 'approve', request.id, '--comment', 'ship it');
    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain("Approved: alias 'production' of 'cli-promoted' now points at version 2.");
    expect((await client.models.get('cli-promoted')).model.aliases).toEqual([{ alias: 'production', version: 2 }]);
    expect((await cli('approvals', 'show', request.id)).stdout).toMatch(/local\s+approve\s+ship it/);
  });

  it('reports a refused promotion and a refused decision with exit code 1', async () => {
    const worse = await cli('models', 'promote', 'cli-promoted', '1', '--to', 'production');
    expect(worse.code).toBe(0);
    expect(worse.stdout).toMatch(/beats_current\s+FAILED/);
    const id = (await cli('approvals', 'list', '--json')).stdout;
    const request = JSON.parse(id).promotions[0];
    const refused = await cli('approvals', 'approve', request.id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('check failed: beats_current');
    expect(refused.stderr).toContain('(INVALID_STATE)');
    const rejected = await cli('approvals', 'reject', request.id, '--comment', 'worse');
    expect(rejected.stdout).toContain(`Request ${request.id} is rejected.`);
    expect((await cli('policies', 'reset', 'medium')).code).toBe(0);
    const direct = await cli('models', 'promote', 'cli-promoted', '1', '--to', 'bad alias');
    expect(direct.code).toBe(1);
  });
});
