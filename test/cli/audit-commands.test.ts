import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn audit commands', () => {
  let server: TestServer;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    const client = new CairnClient({ url: server.url });
    await client.models.create('audited');
    await client.experiments.create('audited-experiment');
  });
  afterAll(() => server.close());

  it('lists events as a table and as JSON, with filters', async () => {
    const [table, json, models] = await Promise.all([
      cli('audit', 'list'),
      cli('audit', 'list', '--json', '--resource-type', 'model', '--resource', 'audited'),
      cli('audit', 'list', '--action', 'model.', '--since', '2000-01-01', '--actor', 'local', '--project', 'default'),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^\s*SEQ\s+TIME\s+ACTOR\s+ACTION\s+RESOURCE\s+PROJECT\s+DETAILS/);
    expect(table.stdout).toMatch(/experiment\.create\s+\d+\s+default\s+name=audited-experiment/);
    const events = JSON.parse(json.stdout).events;
    expect(events.map((e: { action: string }) => e.action)).toEqual(['model.create']);
    expect(models.stdout).toContain('model.create');
    expect(models.stdout).not.toContain('experiment.create');
  });

  it('verifies an intact chain with exit code 0, and names the first broken event with exit code 1', async () => {
    const intact = await cli('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^Audit chain intact: \d+ events checked/);

    await server.app.database.db.updateTable('audit_events').set({ actor: 'mallory' }).where('seq', '=', 1).execute();
    const [broken, brokenJson] = await Promise.all([cli('audit', 'verify'), cli('audit', 'verify', '--json')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^Audit chain BROKEN at event 1: hash mismatch/);
    expect(brokenJson.code).toBe(1);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 1 } });
  });
});
