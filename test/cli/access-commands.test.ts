import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn users, tokens, members and projects commands (auth on)', () => {
  let server: TestServer;
  const asAdmin = (args: string[], input?: string) => runCli(args, { CAIRN_URL: server.url, CAIRN_USERNAME: 'admin', CAIRN_PASSWORD: 'admin-password' }, input);

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite', auth: true, adminPassword: 'admin-password' });
  });
  afterAll(() => server.close());

  it('creates and lists users, reading the password from stdin', async () => {
    const created = await asAdmin(['users', 'create', 'bob', '--display-name', 'Bob Builder', '--password-stdin'], 'bob-password\n');
    expect(created).toMatchObject({ code: 0, stdout: 'Created user bob.\n' });
    const [table, json] = await Promise.all([asAdmin(['users', 'list']), asAdmin(['users', 'list', '--json'])]);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+DISPLAY NAME\s+ADMIN\s+DISABLED\s+PASSWORD\s+CREATED$/);
    expect(table.stdout).toMatch(/^bob\s+Bob Builder\s+yes\s/m);
    expect(JSON.parse(json.stdout).users.map((u: { name: string }) => u.name)).toEqual(['admin', 'bob']);
    const bob = await runCli(['tokens', 'list'], { CAIRN_URL: server.url, CAIRN_USERNAME: 'bob', CAIRN_PASSWORD: 'bob-password' });
    expect(bob).toMatchObject({ code: 0, stdout: 'No tokens.\n' });
  });

  it('creates a token shown once, uses it, lists and revokes it', async () => {
    const created = await asAdmin(['tokens', 'create', 'ci', '--expires-in-days', '30', '--user', 'bob']);
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('Copy it now');
    const viaToken = await runCli(['tokens', 'list', '--json'], { CAIRN_URL: server.url, CAIRN_TOKEN: secret });
    const [info] = JSON.parse(viaToken.stdout).tokens;
    expect(info).toMatchObject({ name: 'ci', user: 'bob', prefix: secret.slice(0, 12) });
    const table = await asAdmin(['tokens', 'list', '--all']);
    expect(table.stdout).toMatch(new RegExp(`^\\s*${info.id}\\s+ci\\s+bob\\s+\\S+…\\s+active\\s`, 'm'));
    expect(await asAdmin(['tokens', 'revoke', String(info.id)])).toMatchObject({ code: 0, stdout: `Revoked token ${info.id} (ci).\n` });
    const refused = await runCli(['tokens', 'list'], { CAIRN_URL: server.url, CAIRN_TOKEN: secret });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('API token has been revoked (UNAUTHENTICATED)');
  });

  it('creates a token scoped to one deployment and shows the scope in the listing', async () => {
    const basic = `Basic ${Buffer.from('admin:admin-password').toString('base64')}`;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      return (await response.json()) as any;
    };
    const { experiment } = await post('/experiments', { name: 'cli-scoped' });
    const { run } = await post('/runs', { experimentId: experiment.experimentId });
    await post('/models', { name: 'cli-scoped-model' });
    await post('/models/cli-scoped-model/versions', { source: `runs:/${run.info.runId}/model` });
    await post('/deployments', { name: 'cli-scoped-dep', spec: { versions: [{ model: 'cli-scoped-model', version: 1 }] } });

    const created = await asAdmin(['tokens', 'create', 'app', '--deployment', 'cli-scoped-dep']);
    expect(created.code).toBe(0);
    expect(created.stdout.trim()).toMatch(/^cairn_/);
    expect(created.stderr).toContain('scoped to deployment cli-scoped-dep');
    const table = await asAdmin(['tokens', 'list']);
    expect(table.stdout).toMatch(/^\s*\d+\s+app\s+admin\s+\S+…\s+active\s+deployment cli-scoped-dep\s/m);
    const refused = await runCli(['tokens', 'list'], { CAIRN_URL: server.url, CAIRN_TOKEN: created.stdout.trim() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("scoped to deployment 'cli-scoped-dep'");
  });

  it('creates and updates projects and manages members', async () => {
    expect((await asAdmin(['projects', 'create', 'fraud', '--description', 'Card fraud', '--protected-alias', 'production', '--protected-alias', 'champion'])).code).toBe(0);
    const list = await asAdmin(['projects', 'list']);
    expect(list.stdout).toMatch(/^fraud\s+production champion\s+\S+ \S+\s+Card fraud$/m);
    const updated = await asAdmin(['projects', 'update', 'fraud', '--no-protected-aliases', '--json']);
    expect(JSON.parse(updated.stdout).project.protectedAliases).toEqual([]);
    expect(await asAdmin(['members', 'set', 'fraud', 'bob', 'approver'])).toMatchObject({ code: 0, stdout: 'bob is approver in fraud.\n' });
    const members = await asAdmin(['members', 'list', 'fraud']);
    expect(members.stdout).toMatch(/^bob\s+Bob Builder\s+approver$/m);
    const badRole = await asAdmin(['members', 'set', 'fraud', 'bob', 'owner']);
    expect(badRole.code).toBe(2);
    expect((await asAdmin(['members', 'remove', 'fraud', 'bob'])).stdout).toBe('Removed bob from fraud.\n');
    expect((await asAdmin(['members', 'list', 'fraud'])).stdout).toBe('No members.\n');
  });

  it('disables a user and lets users change their own password', async () => {
    const changed = await runCli(['users', 'update', 'bob', '--password-stdin'], { CAIRN_URL: server.url, CAIRN_USERNAME: 'bob', CAIRN_PASSWORD: 'bob-password' }, 'bob-password-2');
    expect(changed).toMatchObject({ code: 0, stdout: 'Updated user bob.\n' });
    expect((await asAdmin(['users', 'update', 'bob', '--disable'])).code).toBe(0);
    const refused = await runCli(['projects', 'list'], { CAIRN_URL: server.url, CAIRN_USERNAME: 'bob', CAIRN_PASSWORD: 'bob-password-2' });
    expect(refused.stderr).toContain('user bob is disabled (UNAUTHENTICATED)');
  });

  it('reports a missing sign-in as UNAUTHENTICATED', async () => {
    const anonymous = await runCli(['users', 'list', '--json'], { CAIRN_URL: server.url });
    expect(anonymous.code).toBe(1);
    expect(JSON.parse(anonymous.stderr).error.code).toBe('UNAUTHENTICATED');
  });
});
