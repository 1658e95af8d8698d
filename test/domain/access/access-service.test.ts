import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessControl } from '../../../src/domain/access/access-control.js';
import { AccessService } from '../../../src/domain/access/access-service.js';
import type { Caller } from '../../../src/domain/access/caller.js';
import { AsyncCallContext } from '../../../src/runtime/call-context.js';
import { AccessSqlStore } from '../../../src/storage/sql/access-sql-store.js';
import { AuditTrail } from '../../../src/storage/sql/audit-trail.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { ProjectLookupSqlStore } from '../../../src/storage/sql/project-lookup-sql-store.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';

const day = 24 * 60 * 60 * 1000;

describe.each(backends)('access service on %s', (backend) => {
  let database: SqlDatabase;
  let service: AccessService;
  const clock = { time: 1_700_000_000_000, now: () => clock.time };
  const context = new AsyncCallContext();
  const as = <T>(caller: Caller, work: () => Promise<T>) => context.run({ caller, requestId: null }, work);
  let alice: Caller;
  let bob: Caller;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    const lookup = new ProjectLookupSqlStore(database.db, database.dialect);
    service = new AccessService({
      store: new AccessSqlStore(database.db, database.dialect, new AuditTrail(database.dialect, context, clock)),
      authorizer: new AccessControl({ context, lookup, roles: lookup }),
      clock,
      authEnabled: true,
    });
    // Outside any call the caller is Cairn itself, an admin.
    await service.createUser({ name: 'alice', password: 'alice-password', isAdmin: true });
    await service.createUser({ name: 'bob', displayName: 'Bob B', password: 'bob-password' });
    alice = await service.authenticatePassword('alice', 'alice-password');
    bob = await service.authenticatePassword('bob', 'bob-password');
  });
  afterAll(() => database.close());

  it('creates the bootstrap admin once, as admin of the default project, with a generated password', async () => {
    const fresh = await openDatabase(await freshDatabaseUrl(backend));
    try {
      const lookup = new ProjectLookupSqlStore(fresh.db, fresh.dialect);
      const other = new AccessService({
        store: new AccessSqlStore(fresh.db, fresh.dialect, new AuditTrail(fresh.dialect, context, clock)),
        authorizer: new AccessControl({ context, lookup, roles: lookup }),
        clock,
        authEnabled: true,
      });
      const first = await other.bootstrap();
      expect(first.created).toBe(true);
      expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(await other.bootstrap('ignored-password')).toEqual({ created: false });
      const admin = await other.authenticatePassword('admin', first.generatedPassword!);
      expect(admin.isAdmin).toBe(true);
      expect(await as(admin, () => other.me())).toMatchObject({ user: { name: 'admin', isAdmin: true }, authEnabled: true, memberships: [{ project: 'default', role: 'admin' }] });
    } finally {
      await fresh.close();
    }
  });

  it('refuses bad passwords, unknown users and disabled users with UNAUTHENTICATED', async () => {
    await expect(service.authenticatePassword('bob', 'wrong-password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'invalid user name or password' });
    await expect(service.authenticatePassword('nobody', 'bob-password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'invalid user name or password' });
    await service.createUser({ name: 'carol', password: 'carol-password' });
    await service.updateUser('carol', { disabled: true });
    await expect(service.authenticatePassword('carol', 'carol-password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'user carol is disabled' });
  });

  it('makes tokens that authenticate until they expire or are revoked, never echoing the secret', async () => {
    const { secret, info } = await as(bob, () => service.createToken({ name: 'laptop', expiresInDays: 1 }));
    expect(secret).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ name: 'laptop', user: 'bob', prefix: secret.slice(0, 12), expiresTime: clock.time + day });
    expect(await service.authenticateToken(secret)).toEqual({ userId: bob.userId, name: 'bob', isAdmin: false });
    clock.time += day;
    const expired = service.authenticateToken(secret);
    await expect(expired).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'API token has expired' });
    await expect(expired).rejects.not.toThrow(secret);

    const { secret: other, info: otherInfo } = await as(bob, () => service.createToken({ name: 'ci' }));
    await as(bob, () => service.revokeToken(otherInfo.id));
    await expect(service.authenticateToken(other)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'API token has been revoked' });
    await expect(service.authenticateToken('cairn_nonsense')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'unknown API token' });
    await expect(service.authenticateToken('not-even-a-token')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'unknown API token' });
  });

  it('records token use at most once a minute', async () => {
    const { secret, info } = await as(bob, () => service.createToken({ name: 'touch' }));
    await service.authenticateToken(secret);
    const first = clock.time;
    clock.time += 30_000;
    await service.authenticateToken(secret);
    const list = async () => (await as(bob, () => service.listTokens())).find((t) => t.id === info.id)!;
    expect((await list()).lastUsedTime).toBe(first);
    clock.time += 31_000;
    await service.authenticateToken(secret);
    expect((await list()).lastUsedTime).toBe(clock.time);
  });

  it("lets only admins make tokens for others, list others' tokens, and revoke them", async () => {
    await expect(as(bob, () => service.createToken({ name: 'x', user: 'alice' }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const { info } = await as(alice, () => service.createToken({ name: 'for-bob', user: 'bob' }));
    expect(info.user).toBe('bob');
    const aliceToken = (await as(alice, () => service.createToken({ name: 'alice-own' }))).info;
    await expect(as(bob, () => service.revokeToken(aliceToken.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(as(bob, () => service.listTokens({ user: 'alice' }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect((await as(alice, () => service.listTokens({ user: 'bob' }))).map((t) => t.name)).toContain('for-bob');
    expect((await as(alice, () => service.revokeToken(info.id))).revokedTime).not.toBeNull();
    // Revoking again changes nothing and is not an error.
    expect((await as(alice, () => service.revokeToken(info.id))).revokedTime).not.toBeNull();
  });

  it('rejects bad token names and expiry', async () => {
    await expect(as(bob, () => service.createToken({ name: ' ' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(as(bob, () => service.createToken({ name: 'x', expiresInDays: 0 }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('makes a 12-hour session token at login', async () => {
    const { token, user } = await service.login('bob', 'bob-password');
    expect(user.name).toBe('bob');
    const session = (await as(bob, () => service.listTokens())).find((t) => t.name === 'login session')!;
    expect(session.expiresTime).toBe(clock.time + 12 * 60 * 60 * 1000);
    expect((await service.authenticateToken(token)).name).toBe('bob');
    await expect(service.login('bob', 'nope-nope')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('lets users change their own password with the current one, and only admins change others', async () => {
    await expect(as(bob, () => service.updateUser('bob', { password: 'bob-password-2' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(as(bob, () => service.updateUser('bob', { password: 'bob-password-2', currentPassword: 'wrong-one' }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await as(bob, () => service.updateUser('bob', { password: 'bob-password-2', currentPassword: 'bob-password' }));
    await expect(service.authenticatePassword('bob', 'bob-password')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await service.authenticatePassword('bob', 'bob-password-2')).name).toBe('bob');
    await expect(as(bob, () => service.updateUser('bob', { isAdmin: true }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(as(bob, () => service.updateUser('alice', { displayName: 'A' }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(as(bob, () => service.listUsers())).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(as(bob, () => service.createUser({ name: 'mallory' }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('refuses to disable or demote the last active admin', async () => {
    await expect(as(alice, () => service.updateUser('alice', { isAdmin: false }))).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(as(alice, () => service.updateUser('alice', { disabled: true }))).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('validates names, passwords and protected aliases', async () => {
    await expect(service.createUser({ name: 'bad:name' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.createUser({ name: 'shorty', password: 'short' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.createProject({ name: 'a/b' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.createProject({ name: 'p1', protectedAliases: ['no spaces'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.createProject({ name: 'p1', protectedAliases: ['latest'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await service.createProject({ name: 'p1', protectedAliases: [] })).protectedAliases).toEqual([]);
    expect((await service.createProject({ name: 'p2' })).protectedAliases).toEqual(['production']);
  });

  it('shows members their projects, and lets project admins manage members', async () => {
    await service.createProject({ name: 'risk', description: 'Credit risk' });
    expect((await as(bob, () => service.listProjects())).map((p) => p.name)).toEqual([]);
    await expect(as(bob, () => service.setMember('risk', 'bob', 'admin'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await as(alice, () => service.setMember('risk', 'bob', 'admin'));
    expect((await as(bob, () => service.listProjects())).map((p) => p.name)).toEqual(['risk']);
    await as(bob, () => service.setMember('risk', 'alice', 'viewer'));
    await as(bob, () => service.updateProject('risk', { protectedAliases: ['production', 'champion'] }));
    expect((await as(bob, () => service.getProject('risk'))).protectedAliases).toEqual(['production', 'champion']);
    expect((await as(bob, () => service.listMembers('risk'))).map((m) => `${m.user}:${m.role}`)).toEqual(['alice:viewer', 'bob:admin']);
    await expect(as(bob, () => service.setMember('risk', 'alice', 'owner'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(as(bob, () => service.setMember('risk', 'ghost', 'viewer'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await as(bob, () => service.removeMember('risk', 'alice'));
    expect(await as(bob, () => service.me())).toMatchObject({ user: { name: 'bob', displayName: 'Bob B', isAdmin: false }, memberships: [{ project: 'risk', role: 'admin' }] });
    await as(bob, () => service.setMember('risk', 'bob', 'viewer'));
    await expect(as(bob, () => service.updateProject('risk', { description: 'x' }))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });
});
