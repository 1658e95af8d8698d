import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn deploy and cairn deployments commands', () => {
  let server: TestServer;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    const client = new CairnClient({ url: server.url });
    await client.models.create('cli-scorer');
    for (let i = 0; i < 3; i += 1) await client.models.createVersion('cli-scorer', 'mlflow-artifacts:/uploads/model');
    await client.models.setAlias('cli-scorer', 'champion', 1);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a deployment, updates it to a canary with a shadow, keeps its revisions and rolls it back', async () => {
    const created = await cli('deploy', 'cli-dep', '--model', 'cli-scorer', '--version', '1', '--comment', 'first', '--json');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).current).toMatchObject({ revision: 1, comment: 'first' });

    const canary = await cli('deploy', 'cli-dep', '--model', 'cli-scorer', '--version', '1', '--weight', '90', '--version', '2', '--weight', '10', '--shadow', 'cli-scorer:3', '--sticky-header', 'x-user');
    expect(canary.code, canary.stderr).toBe(0);
    expect(canary.stdout).toBe('Updated deployment cli-dep, revision 2: cli-scorer:1 90%, cli-scorer:2 10%\n');

    // Settings the flags leave out are kept from the current revision.
    const follow = await cli('deploy', 'cli-dep', '--model', 'cli-scorer', '--alias', 'champion', '--max-batch-size', '8');
    expect(follow.stdout).toContain('revision 3: cli-scorer@champion');
    const shown = await cli('deployments', 'show', 'cli-dep');
    expect(shown.stdout).toContain('traffic:   cli-scorer@champion');
    expect(shown.stdout).toContain('shadows:   cli-scorer:3');
    expect(shown.stdout).toContain('sticky:    header x-user');
    expect(shown.stdout).toContain('batching:  up to 8 requests');

    const revisions = await cli('deployments', 'revisions', 'cli-dep');
    expect(revisions.stdout.split('\n')[0]).toMatch(/^\s*REVISION\s+TIME\s+ACTOR\s+TRAFFIC\s+SHADOWS\s+COMMENT/);
    expect(revisions.stdout).toContain('first');

    const rolled = await cli('deployments', 'rollback', 'cli-dep', '--comment', 'back to the canary');
    expect(rolled.stdout).toBe('Rolled back deployment cli-dep: revision 4 serves cli-scorer:1 90%, cli-scorer:2 10%\n');

    const list = await cli('deployments', 'list');
    expect(list.stdout).toMatch(/cli-dep\s+default\s+4\s+cli-scorer:1 90%, cli-scorer:2 10%\s+cli-scorer:3/);

    expect((await cli('deployments', 'delete', 'cli-dep')).code).toBe(0);
    expect((await cli('deployments', 'list')).stdout).toBe('No deployments.\n');
  });

  it('exits 2 when the flags name neither versions nor an alias', async () => {
    const result = await cli('deploy', 'nothing', '--model', 'cli-scorer');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give either --version');
  });

  it('reports a refused spec with its error code and exit code 1', async () => {
    const result = await cli('deploy', 'bad', '--model', 'cli-scorer', '--version', '1', '--weight', '50');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/weights must sum to 100, got 50 \(INVALID_ARGUMENT\)/);
  });
});
