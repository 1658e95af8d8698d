import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

const day = 24 * 60 * 60 * 1000;
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(backends)('authentication over HTTP with auth on (%s)', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let adminToken: string;
  const clock = { time: Date.now(), now: () => clock.time };
  const asAdmin = () => bearer(adminToken);
  const auditCount = async () => Number((await server.app.database.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password', clock });
    call = nativeApi(server.url);
    const login = await call('login', { body: { username: 'admin', password: 'admin-password' } });
    expect(login.status).toBe(200);
    adminToken = login.body.token;
    await call('createUser', { headers: asAdmin(), body: { name: 'bob', password: 'bob-password', displayName: 'Bob' } });
  });
  afterAll(() => server.close());

  it('bootstraps the admin user as installation admin and admin of the default project', async () => {
    const me = await call('getMe', { headers: asAdmin() });
    expect(me.body).toEqual({ user: { name: 'admin', displayName: 'Administrator', isAdmin: true }, authEnabled: true, memberships: [{ project: 'default', role: 'admin' }] });
    const members = await call('listMembers', { headers: asAdmin(), params: { project: 'default' } });
    expect(members.body.members).toEqual([{ user: 'admin', displayName: 'Administrator', role: 'admin' }]);
  });

  it('answers 401 with a Basic challenge to API calls without credentials, on every API family', async () => {
    const native = await fetch(`${server.url}/api/v1/projects`);
    expect(native.status).toBe(401);
    expect(native.headers.get('www-authenticate')).toBe('Basic realm="cairn"');
    expect(((await native.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    const mlflow = await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=0`);
    expect(mlflow.status).toBe(401);
    expect(await mlflow.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' });
    for (const path of ['/ajax-api/2.0/mlflow/experiments/get?experiment_id=0', '/v2/models', '/api/2.0/mlflow-artifacts/artifacts', '/api/v1/unknown', '/api/v1/auth/me']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(401);
    }
  });

  it('leaves the challenge out for the web UI, which shows its own sign-in page', async () => {
    const response = await fetch(`${server.url}/api/v1/projects`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it('keeps health, version, metrics, the UI and the sign-in route public', async () => {
    for (const path of ['/health', '/version', '/metrics', '/', '/experiments', '/models/some-model']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    }
    // A stale token does not lock anyone out of signing in.
    const login = await call('login', { headers: bearer('cairn_stale'), body: { username: 'bob', password: 'bob-password' } });
    expect(login.status).toBe(200);
  });

  it('accepts a Bearer token, Basic with a password, and Basic with a token as the password', async () => {
    const { body } = await call('createToken', { headers: basic('bob', 'bob-password'), body: { name: 'laptop' } });
    expect(body.token).toMatch(/^cairn_/);
    expect(body.info).toMatchObject({ name: 'laptop', user: 'bob', revokedTime: null });
    for (const headers of [bearer(body.token), basic('bob', 'bob-password'), basic('bob', body.token), basic('anything', body.token)]) {
      const me = await call('getMe', { headers });
      expect(me.status).toBe(200);
      expect(me.body.user.name).toBe('bob');
    }
  });

  it('lets the MLflow client in with MLFLOW_TRACKING_USERNAME/PASSWORD or MLFLOW_TRACKING_TOKEN', async () => {
    const created = await fetch(`${server.url}/api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { ...basic('admin', 'admin-password'), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'basic-auth-exp' }),
    });
    expect(created.status).toBe(200);
    const { experiment_id } = (await created.json()) as { experiment_id: string };
    const read = await fetch(`${server.url}/api/2.0/mlflow/experiments/get?experiment_id=${experiment_id}`, { headers: bearer(adminToken) });
    expect(((await read.json()) as { experiment: { name: string } }).experiment.name).toBe('basic-auth-exp');
    const [event] = await server.app.database.db.selectFrom('audit_events').select('actor').where('action', '=', 'experiment.create').execute();
    expect(event?.actor).toBe('admin');
  });

  it('refuses an expired token with 401 and says so', async () => {
    const { body } = await call('createToken', { headers: asAdmin(), body: { name: 'short', expiresInDays: 1, user: 'bob' } });
    expect((await call('getMe', { headers: bearer(body.token) })).status).toBe(200);
    clock.time += 2 * day;
    try {
      const refused = await call('getMe', { headers: bearer(body.token) });
      expect(refused).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'API token has expired' } } });
      expect(JSON.stringify(refused.body)).not.toContain(body.token);
    } finally {
      clock.time -= 2 * day;
    }
  });

  it('refuses a revoked token at once', async () => {
    const { body } = await call('createToken', { headers: basic('bob', 'bob-password'), body: { name: 'to-revoke' } });
    const revoked = await call('revokeToken', { headers: bearer(body.token), params: { id: String(body.info.id) } });
    expect(revoked.body.info.revokedTime).not.toBeNull();
    const refused = await call('getMe', { headers: bearer(body.token) });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'API token has been revoked' } } });
  });

  it('refuses a disabled user, by password and by token, and lets them back in when enabled', async () => {
    await call('createUser', { headers: asAdmin(), body: { name: 'dora', password: 'dora-password' } });
    const { body } = await call('createToken', { headers: basic('dora', 'dora-password'), body: { name: 'x' } });
    await call('updateUser', { headers: asAdmin(), params: { user: 'dora' }, body: { disabled: true } });
    for (const headers of [basic('dora', 'dora-password'), bearer(body.token)]) {
      expect(await call('getMe', { headers })).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'user dora is disabled' } } });
    }
    await call('updateUser', { headers: asAdmin(), params: { user: 'dora' }, body: { disabled: false } });
    expect((await call('getMe', { headers: bearer(body.token) })).status).toBe(200);
  });

  it('refuses bad passwords and unknown tokens with 401 and changes nothing', async () => {
    const before = await auditCount();
    for (const headers of [basic('admin', 'wrong-password'), basic('ghost', 'whatever-pw'), bearer('cairn_unknown'), { authorization: 'Digest abc' }, { authorization: 'Basic bm9jb2xvbg==' }]) {
      const refused = await call('createProject', { headers, body: { name: 'should-not-exist' } });
      expect(refused.status, JSON.stringify(headers)).toBe(401);
      expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await call('login', { body: { username: 'admin', password: 'wrong-password' } })).status).toBe(401);
    expect(await auditCount()).toBe(before);
    expect((await call('getProject', { headers: asAdmin(), params: { project: 'should-not-exist' } })).status).toBe(404);
  });

  it('never stores a token secret, only its hash and a display prefix', async () => {
    const { body } = await call('createToken', { headers: asAdmin(), body: { name: 'secret-check' } });
    const rows = await server.app.database.db.selectFrom('api_tokens').selectAll().execute();
    const events = await server.app.database.db.selectFrom('audit_events').select('details').execute();
    const stored = JSON.stringify([rows, events]);
    expect(stored).not.toContain(body.token);
    expect(stored).not.toContain(body.token.slice(12, 30));
    expect(rows.find((r) => Number(r.id) === body.info.id)).toMatchObject({ prefix: body.token.slice(0, 12), token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('lets non-admins manage only their own tokens and password, not users', async () => {
    expect((await call('listUsers', { headers: basic('bob', 'bob-password') })).status).toBe(403);
    expect((await call('createUser', { headers: basic('bob', 'bob-password'), body: { name: 'eve' } })).status).toBe(403);
    expect((await call('listTokens', { headers: basic('bob', 'bob-password'), query: { all: 'true' } })).status).toBe(403);
    const own = await call('listTokens', { headers: basic('bob', 'bob-password') });
    expect(own.body.tokens.every((t: { user: string }) => t.user === 'bob')).toBe(true);
    const users = await call('listUsers', { headers: asAdmin() });
    expect(users.body.users.map((u: { name: string }) => u.name)).toEqual(expect.arrayContaining(['admin', 'bob']));
  });

  it('manages projects and members through the native API', async () => {
    const created = await call('createProject', { headers: asAdmin(), body: { name: 'fraud', description: 'Card fraud', protectedAliases: ['production'] } });
    expect(created).toMatchObject({ status: 201, body: { project: { name: 'fraud', description: 'Card fraud', protectedAliases: ['production'] } } });
    expect((await call('createProject', { headers: asAdmin(), body: { name: 'fraud' } })).status).toBe(409);
    expect((await call('setMember', { headers: asAdmin(), params: { project: 'fraud', user: 'bob' }, body: { role: 'admin' } })).body.member).toEqual({ user: 'bob', displayName: 'Bob', role: 'admin' });
    const patched = await call('updateProject', { headers: basic('bob', 'bob-password'), params: { project: 'fraud' }, body: { protectedAliases: [] } });
    expect(patched.body.project.protectedAliases).toEqual([]);
    const listed = await call('listProjects', { headers: basic('bob', 'bob-password') });
    expect(listed.body.projects.map((p: { name: string }) => p.name)).toContain('fraud');
    expect((await call('setMember', { headers: asAdmin(), params: { project: 'fraud', user: 'bob' }, body: { role: 'owner' } })).status).toBe(400);
    expect((await call('removeMember', { headers: asAdmin(), params: { project: 'fraud', user: 'bob' } })).status).toBe(200);
    expect((await call('removeMember', { headers: asAdmin(), params: { project: 'fraud', user: 'bob' } })).status).toBe(404);
  });
});

describe('binding without authentication', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
  });
  afterAll(() => server.close());

  it('treats every caller as the local admin when auth is off', async () => {
    const me = await nativeApi(server.url)('getMe', { headers: bearer('cairn_ignored') });
    expect(me.body).toEqual({ user: { name: 'local', displayName: 'local', isAdmin: true }, authEnabled: false, memberships: [] });
  });

  it('refuses a non-loopback address without auth and allows it with auth', async () => {
    const { createApp } = await import('../../../src/app.js');
    const open = await createApp({ ...server.app.config, host: '0.0.0.0', port: 0 }, { defaultMetrics: false });
    try {
      await expect(open.listen()).rejects.toThrow(/enable authentication with CAIRN_AUTH=true/);
    } finally {
      await open.close();
    }
    const secured = await createApp({ ...server.app.config, host: '0.0.0.0', port: 0, auth: true, adminPassword: 'admin-password' }, { defaultMetrics: false });
    try {
      await expect(secured.listen()).resolves.toMatch(/^http:/);
    } finally {
      await secured.close();
    }
  });
});
