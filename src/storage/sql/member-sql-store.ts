import type { Kysely } from 'kysely';
import type { Member, Membership } from '../../domain/access/access-store.js';
import type { ProjectRole } from '../../domain/access/roles.js';
import { notFound } from '../../domain/errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';
import { rawQuery } from './sql-support.js';

// Access control asks this on most requests; one primary-key probe, compiled never.
const roleQuery = 'select role from project_members where user_id = ? and project_id = ?';

/** Project memberships: one role per user and project. */
export class MemberSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly audit: AuditTrail,
  ) {}

  async setMember(projectId: number, userId: number, role: ProjectRole): Promise<Member> {
    await this.db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound(`User with id ${userId} not found`);
      await trx
        .insertInto('project_members')
        .values({ project_id: projectId, user_id: userId, role })
        .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
        .execute();
      await this.audit.record(trx, { action: 'member.set', resourceType: 'member', resourceId: user.name, projectId, details: { user: user.name, role } });
    });
    const member = (await this.listMembers(projectId)).find((m) => m.userId === userId);
    if (!member) throw notFound(`User with id ${userId} is not a member`);
    return member;
  }

  async removeMember(projectId: number, userId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('project_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.name', 'm.role'])
        .where('m.project_id', '=', projectId)
        .where('m.user_id', '=', userId)
        .executeTakeFirst();
      if (!row) throw notFound('The user is not a member of this project');
      await trx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
      await this.audit.record(trx, { action: 'member.remove', resourceType: 'member', resourceId: row.name, projectId, details: { user: row.name, role: row.role } });
    });
  }

  async listMembers(projectId: number): Promise<Member[]> {
    const rows = await this.db
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'u.name', 'u.display_name', 'm.role'])
      .where('m.project_id', '=', projectId)
      .orderBy('u.name')
      .execute();
    return rows.map((r) => ({ userId: Number(r.user_id), user: r.name, displayName: r.display_name, role: r.role as ProjectRole }));
  }

  async memberRole(userId: number, projectId: number): Promise<ProjectRole | undefined> {
    const { rows } = await this.db.executeQuery(rawQuery<{ role: string }>(this.dialect, roleQuery, [userId, projectId]));
    return rows[0]?.role as ProjectRole | undefined;
  }

  async memberships(userId: number): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('project_members as m')
      .innerJoin('projects as p', 'p.id', 'm.project_id')
      .select(['m.project_id', 'p.name', 'm.role'])
      .where('m.user_id', '=', userId)
      .orderBy('p.name')
      .execute();
    return rows.map((r) => ({ projectId: Number(r.project_id), project: r.name, role: r.role as ProjectRole }));
  }
}
