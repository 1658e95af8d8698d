import type { Kysely, Selectable } from 'kysely';
import type { NewUser, User, UserChanges, UserCredentials } from '../../domain/access/access-store.js';
import type { ProjectRole } from '../../domain/access/roles.js';
import { alreadyExists, notFound } from '../../domain/errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { Schema, UsersTable } from './schema.js';
import { isUniqueViolation } from './sql-support.js';

/** Users. Password hashes stay in this file's rows: audit events only say a password changed. */
export class UserSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async createUser(user: NewUser, now: number, memberships: readonly { projectId: number; role: ProjectRole }[] = []): Promise<User> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('users')
          .values({ name: user.name, display_name: user.displayName, password_hash: user.passwordHash, is_admin: user.isAdmin ? 1 : 0, disabled: 0, creation_time: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const userId = Number(row.id);
        if (memberships.length > 0) {
          await trx.insertInto('project_members').values(memberships.map((m) => ({ project_id: m.projectId, user_id: userId, role: m.role }))).execute();
        }
        const stamped = [
          this.audit.stamp({
            action: 'user.create',
            resourceType: 'user',
            resourceId: user.name,
            details: { name: user.name, displayName: user.displayName, isAdmin: user.isAdmin, hasPassword: user.passwordHash !== null },
          }),
          ...memberships.map((m) =>
            this.audit.stamp({ action: 'member.set', resourceType: 'member', resourceId: user.name, projectId: m.projectId, details: { user: user.name, role: m.role } }),
          ),
        ];
        await this.audit.append(trx, stamped);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`User '${user.name}' already exists`);
      throw error;
    }
    return this.getUser(user.name);
  }

  async getUser(name: string): Promise<User> {
    const credentials = await this.userCredentials(name);
    if (!credentials) throw notFound(`User '${name}' not found`);
    const { passwordHash: _hash, ...user } = credentials;
    return user;
  }

  async getUserById(id: number): Promise<User> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`User with id ${id} not found`);
    const { passwordHash: _hash, ...user } = toCredentials(row);
    return user;
  }

  async userCredentials(name: string): Promise<UserCredentials | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? toCredentials(row) : undefined;
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('name').execute();
    return rows.map((row) => {
      const { passwordHash: _hash, ...user } = toCredentials(row);
      return user;
    });
  }

  async updateUser(id: number, changes: UserChanges): Promise<User> {
    const user = await this.getUserById(id);
    await this.db.transaction().execute(async (trx) => {
      const set = {
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
        ...(changes.isAdmin !== undefined ? { is_admin: changes.isAdmin ? 1 : 0 } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
      };
      if (Object.keys(set).length > 0) await trx.updateTable('users').set(set).where('id', '=', id).execute();
      await this.audit.record(trx, {
        action: 'user.update',
        resourceType: 'user',
        resourceId: user.name,
        details: {
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.passwordHash !== undefined ? { passwordChanged: true } : {}),
          ...(changes.isAdmin !== undefined ? { isAdmin: changes.isAdmin } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
        },
      });
    });
    return this.getUserById(id);
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('is_admin', '=', 1)
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toCredentials(row: Selectable<UsersTable>): UserCredentials {
  return {
    id: Number(row.id),
    name: row.name,
    displayName: row.display_name,
    isAdmin: Number(row.is_admin) === 1,
    disabled: Number(row.disabled) === 1,
    hasPassword: row.password_hash !== null,
    createdTime: Number(row.creation_time),
    passwordHash: row.password_hash,
  };
}
