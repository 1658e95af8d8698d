import { sql, type Kysely, type Selectable } from 'kysely';
import type { NewProject, Project, ProjectChanges } from '../../domain/access/access-store.js';
import { alreadyExists, notFound } from '../../domain/errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { ProjectsTable, Schema } from './schema.js';
import { chunks, inListChunk, isUniqueViolation } from './sql-support.js';

/** Projects: create, read, update (never deleted: they hold experiments and models). */
export class ProjectSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async createProject(project: NewProject, now: number): Promise<Project> {
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('projects')
          .values({ name: project.name, description: project.description, protected_aliases: JSON.stringify(project.protectedAliases), creation_time: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await this.audit.record(trx, {
          action: 'project.create',
          resourceType: 'project',
          resourceId: project.name,
          projectId: id,
          details: { name: project.name, protectedAliases: project.protectedAliases },
        });
        return id;
      });
      return this.getProjectById(id);
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`Project '${project.name}' already exists`);
      throw error;
    }
  }

  async getProject(name: string): Promise<Project> {
    const row = await this.db.selectFrom('projects').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`Project '${name}' not found`);
    return toProject(row);
  }

  async getProjectById(id: number): Promise<Project> {
    const row = await this.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`Project with id ${id} not found`);
    return toProject(row);
  }

  async listProjects(ids?: readonly number[]): Promise<Project[]> {
    if (ids === undefined) return (await this.db.selectFrom('projects').selectAll().orderBy('name').execute()).map(toProject);
    const rows = [];
    for (const chunk of chunks(ids, inListChunk)) rows.push(...(await this.db.selectFrom('projects').selectAll().where('id', 'in', chunk).execute()));
    return rows.map(toProject).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async updateProject(id: number, changes: ProjectChanges): Promise<Project> {
    const project = await this.getProjectById(id);
    await this.db.transaction().execute(async (trx) => {
      // Lifting a protection even for a moment must show in the audit with what it replaced:
      // the row is locked first so the list read is the one this change overwrites.
      let previousAliases: string[] | undefined;
      if (changes.protectedAliases !== undefined) {
        await trx.updateTable('projects').set({ protected_aliases: sql`protected_aliases` }).where('id', '=', id).execute();
        const row = await trx.selectFrom('projects').select('protected_aliases').where('id', '=', id).executeTakeFirstOrThrow();
        previousAliases = JSON.parse(row.protected_aliases) as string[];
      }
      const set = {
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.protectedAliases !== undefined ? { protected_aliases: JSON.stringify(changes.protectedAliases) } : {}),
      };
      if (Object.keys(set).length > 0) await trx.updateTable('projects').set(set).where('id', '=', id).execute();
      await this.audit.record(trx, {
        action: 'project.update',
        resourceType: 'project',
        resourceId: project.name,
        projectId: id,
        // The description can be long: the event says it changed; the aliases are short and kept.
        details: {
          ...(changes.description !== undefined ? { descriptionChanged: true } : {}),
          ...(changes.protectedAliases !== undefined ? { protectedAliases: changes.protectedAliases, previousProtectedAliases: previousAliases } : {}),
        },
      });
    });
    return this.getProjectById(id);
  }
}

function toProject(row: Selectable<ProjectsTable>): Project {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    protectedAliases: JSON.parse(row.protected_aliases) as string[],
    createdTime: Number(row.creation_time),
  };
}
