import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../../../src/domain/access/api-token.js';
import { AsyncCallContext } from '../../../src/runtime/call-context.js';
import { AccessSqlStore } from '../../../src/storage/sql/access-sql-store.js';
import { AuditTrail } from '../../../src/storage/sql/audit-trail.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';

const now = 1_700_000_000_000;

describe.each(backends)('access store on %s', (backend) => {
  let database: SqlDatabase;
  let store: AccessSqlStore;
  const context = new AsyncCallContext();
  const asAlice = <T>(work: () => Promise<T>) => context.run({ caller: { userId: 99, name: 'alice', isAdmin: true }, requestId: 'req-1' }, work);

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    store = new AccessSqlStore(database.db, database.dialect, new AuditTrail(database.dialect, context, { now: () => now }));
  });
  afterAll(() => database.close());

  const events = (action: string) =>
    database.db.selectFrom('audit_events').select(['actor', 'action', 'resource_id', 'project_id', 'details', 'request_id']).where('action', '=', action).orderBy('seq').execute();

  it('starts with the default project and creates, finds, lists and updates projects with audit events', async () => {
    expect((await store.getProject('default')).protectedAliases).toEqual(['production']);
    const created = await asAlice(() => store.createProject({ name: 'fraud', description: 'Card fraud', protectedAliases: ['production', 'champion'] }, now));
    expect(created).toMatchObject({ name: 'fraud', description: 'Card fraud', protectedAliases: ['production', 'champion'], createdTime: now });
    expect((await store.getProjectById(created.id)).name).toBe('fraud');
    expect((await store.listProjects()).map((p) => p.name)).toEqual(['default', 'fraud']);
    expect((await store.listProjects([created.id])).map((p) => p.name)).toEqual(['fraud']);
    const updated = await store.updateProject(created.id, { protectedAliases: [] });
    expect(updated.protectedAliases).toEqual([]);
    expect(updated.description).toBe('Card fraud');
    const [create] = await events('project.create');
    expect(create).toMatchObject({ actor: 'alice', resource_id: 'fraud', project_id: created.id, request_id: 'req-1' });
    const [update] = await events('project.update');
    expect(JSON.parse(update!.details)).toEqual({ protectedAliases: [], previousProtectedAliases: ['production', 'champion'] });
  });

  it('refuses a duplicate project name and an unknown project', async () => {
    await expect(store.createProject({ name: 'fraud', description: '', protectedAliases: [] }, now)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    await expect(store.getProject('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates users with memberships in one transaction and never audits the password hash', async () => {
    const project = await store.getProject('fraud');
    const user = await store.createUser({ name: 'bob', displayName: 'Bob', passwordHash: 'scrypt$1$1$1$salt$hash', isAdmin: false }, now, [{ projectId: project.id, role: 'contributor' }]);
    expect(user).toMatchObject({ name: 'bob', displayName: 'Bob', isAdmin: false, disabled: false, hasPassword: true });
    expect(user).not.toHaveProperty('passwordHash');
    expect((await store.userCredentials('bob'))?.passwordHash).toBe('scrypt$1$1$1$salt$hash');
    expect(await store.memberRole(user.id, project.id)).toBe('contributor');
    expect(await store.memberships(user.id)).toEqual([{ projectId: project.id, project: 'fraud', role: 'contributor' }]);
    await store.updateUser(user.id, { passwordHash: 'scrypt$1$1$1$salt$other', displayName: 'Robert' });
    const all = await database.db.selectFrom('audit_events').select('details').execute();
    expect(all.map((e) => e.details).join('\n')).not.toContain('scrypt$');
    const [update] = await events('user.update');
    expect(JSON.parse(update!.details)).toEqual({ displayName: 'Robert', passwordChanged: true });
    await expect(store.createUser({ name: 'bob', displayName: '', passwordHash: null, isAdmin: false }, now)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await store.userCredentials('nobody')).toBeUndefined();
  });

  it('counts users and active admins', async () => {
    await store.createUser({ name: 'root', displayName: 'Root', passwordHash: null, isAdmin: true }, now);
    expect(await store.countUsers()).toBe(2);
    expect(await store.countActiveAdmins()).toBe(1);
    const root = await store.getUser('root');
    await store.updateUser(root.id, { disabled: true });
    expect(await store.countActiveAdmins()).toBe(0);
    await store.updateUser(root.id, { disabled: false });
  });

  it('stores a token by hash only, finds it with its user, and revokes it', async () => {
    const bob = await store.getUser('bob');
    const { secret, tokenHash, prefix } = generateToken();
    const info = await store.createToken({ userId: bob.id, name: 'ci', tokenHash, prefix, expiresTime: null }, now, 'bob');
    expect(info).toMatchObject({ name: 'ci', prefix, user: 'bob', userId: bob.id, createdTime: now, expiresTime: null, revokedTime: null, lastUsedTime: null });
    const rows = await database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain(secret.slice(prefix.length));
    expect(await store.findToken(tokenHash)).toMatchObject({ tokenId: info.id, userId: bob.id, userName: 'bob', isAdmin: false, disabled: false });
    expect(await store.findToken('0'.repeat(64))).toBeUndefined();
    const [create] = await events('token.create');
    expect(create!.actor).toBe('bob');
    expect(create!.details).not.toContain(tokenHash);

    await store.touchToken(info.id, now + 1000, now);
    expect((await store.getToken(info.id)).lastUsedTime).toBe(now + 1000);
    // Already touched after `notBefore`: left alone.
    await store.touchToken(info.id, now + 2000, now + 500);
    expect((await store.getToken(info.id)).lastUsedTime).toBe(now + 1000);

    expect((await store.revokeToken(info.id, now + 5000)).revokedTime).toBe(now + 5000);
    expect((await store.findToken(tokenHash))?.revokedTime).toBe(now + 5000);
    expect((await store.listTokens(bob.id)).map((t) => t.id)).toEqual([info.id]);
    expect(await store.listTokens((await store.getUser('root')).id)).toEqual([]);
    await expect(store.getToken(424242)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('sets, changes, lists and removes members with audit events', async () => {
    const project = await store.getProject('fraud');
    const root = await store.getUser('root');
    expect(await store.setMember(project.id, root.id, 'viewer')).toMatchObject({ user: 'root', displayName: 'Root', role: 'viewer' });
    expect((await store.setMember(project.id, root.id, 'approver')).role).toBe('approver');
    expect((await store.listMembers(project.id)).map((m) => [m.user, m.role])).toEqual([
      ['bob', 'contributor'],
      ['root', 'approver'],
    ]);
    await store.removeMember(project.id, root.id);
    expect(await store.memberRole(root.id, project.id)).toBeUndefined();
    await expect(store.removeMember(project.id, root.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const removed = await events('member.remove');
    expect(removed.map((e) => [e.resource_id, e.project_id])).toEqual([['root', project.id]]);
  });
});
