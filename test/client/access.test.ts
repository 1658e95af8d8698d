import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { CairnApiError, CairnClient, type ApiTokenInfo, type Me, type Project, type ProjectMember, type User } from '../../src/client/index.js';
import type { memberSchema, meSchema, projectSchema, tokenInfoSchema, userSchema } from '../../src/http/routes/v1/access-schemas.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(backends)('SDK access clients with auth on (%s)', (backend) => {
  let server: TestServer;
  let admin: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password' });
    admin = new CairnClient({ url: server.url, username: 'admin', password: 'admin-password' });
  });
  afterAll(() => server.close());

  it('signs in with Basic credentials, a session token and an API token', async () => {
    expect((await admin.auth.me()).user.name).toBe('admin');
    const { token } = await new CairnClient({ url: server.url }).auth.login('admin', 'admin-password');
    expect((await new CairnClient({ url: server.url, token }).auth.me()).authEnabled).toBe(true);
    const created = await admin.tokens.create('sdk', { expiresInDays: 7 });
    const viaToken = new CairnClient({ url: server.url, token: created.token });
    expect((await viaToken.tokens.list()).map((t) => t.name)).toEqual(expect.arrayContaining(['sdk', 'login session']));
    await viaToken.tokens.revoke(created.info.id);
    await expect(viaToken.auth.me()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('manages users, projects and members', async () => {
    await admin.users.create('bob', { password: 'bob-password', displayName: 'Bob' });
    const bob = new CairnClient({ url: server.url, username: 'bob', password: 'bob-password' });
    await admin.projects.create('fraud', { description: 'Card fraud' });
    await expect(bob.projects.get('fraud')).rejects.toBeInstanceOf(CairnApiError);
    await admin.members.set('fraud', 'bob', 'admin');
    expect(await bob.projects.update('fraud', { protectedAliases: ['production', 'champion'] })).toMatchObject({ name: 'fraud', protectedAliases: ['production', 'champion'] });
    expect(await bob.members.list('fraud')).toEqual([{ user: 'bob', displayName: 'Bob', role: 'admin' }]);
    await bob.members.remove('fraud', 'bob');
    expect((await admin.users.update('bob', { disabled: true })).disabled).toBe(true);
    await expect(bob.projects.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await admin.users.list()).map((u) => u.name)).toEqual(['admin', 'bob']);
  });

  it('makes a token scoped to one deployment, which may not read anything else', async () => {
    const experiment = await admin.experiments.create('sdk-scoped');
    const run = await admin.runs.create({ experimentId: experiment.experimentId });
    await admin.models.create('sdk-scoped-model');
    await admin.models.createVersion('sdk-scoped-model', `runs:/${run.info.runId}/model`);
    await admin.deployments.create('sdk-scoped-dep', { versions: [{ model: 'sdk-scoped-model', version: 1 }] });
    const created = await admin.tokens.create('app', { deployment: 'sdk-scoped-dep' });
    expect(created.info).toMatchObject({ name: 'app', deployment: 'sdk-scoped-dep', deploymentDeleted: false });
    const scoped = new CairnClient({ url: server.url, token: created.token });
    await expect(scoped.models.get('sdk-scoped-model')).rejects.toMatchObject({ code: 'PERMISSION_DENIED', status: 403 });
    await admin.deployments.delete('sdk-scoped-dep');
    expect((await admin.tokens.list()).find((t) => t.name === 'app')).toMatchObject({ deployment: 'sdk-scoped-dep', deploymentDeleted: true });
  });

  it('has SDK types that match the wire schemas', () => {
    expectTypeOf<Project>().toEqualTypeOf<z.output<typeof projectSchema>>();
    expectTypeOf<User>().toEqualTypeOf<z.output<typeof userSchema>>();
    expectTypeOf<ApiTokenInfo>().toEqualTypeOf<z.output<typeof tokenInfoSchema>>();
    expectTypeOf<ProjectMember>().toEqualTypeOf<z.output<typeof memberSchema>>();
    expectTypeOf<Me>().toEqualTypeOf<z.output<typeof meSchema>>();
  });
});
