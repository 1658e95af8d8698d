import type { Kysely, Selectable } from 'kysely';
import type { AuditChange } from '../../domain/audit/audit-event.js';
import { summarizeSpec, type Deployment, type DeploymentRevision, type DeploymentSpec, type StoredDeployment } from '../../domain/deployments/deployment.js';
import type { DeploymentStore, NewRevision, RevisionAction } from '../../domain/deployments/deployment-store.js';
import { alreadyExists, invalidState, notFound } from '../../domain/errors.js';
import type { AuditTrail } from './audit-trail.js';
import { deleteMonitors } from './monitor-deletion-sql.js';
import { projectIdByName } from './project-id.js';
import type { DeploymentRevisionsTable, DeploymentsTable, Schema } from './schema.js';
import { isUniqueViolation } from './sql-support.js';

type DeploymentRow = Selectable<DeploymentsTable> & { project: string } & Omit<Selectable<DeploymentRevisionsTable>, 'deployment_id' | 'revision'>;

/** DeploymentStore on SQLite and Postgres. */
export class DeploymentSqlStore implements DeploymentStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  projectId(name: string): Promise<number> {
    return projectIdByName(this.db, name);
  }

  async create(projectId: number, name: string, revision: NewRevision): Promise<Deployment> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const taken = await trx.selectFrom('deployments').select('id').where('name', '=', name).executeTakeFirst();
        if (taken) throw alreadyExists(`Deployment '${name}' already exists`);
        const { id } = await trx
          .insertInto('deployments')
          .values({ project_id: projectId, name, current_revision: 1, created_time: revision.time, last_update_time: revision.time })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertRevision(trx, Number(id), 1, revision);
        await this.audit.record(trx, change('create', name, projectId, 1, revision));
      });
    } catch (error) {
      // Two creations raced past the check above: the unique name decides.
      if (isUniqueViolation(error)) throw alreadyExists(`Deployment '${name}' already exists`);
      throw error;
    }
    return strip(await this.mustGet(name));
  }

  async get(name: string): Promise<StoredDeployment | null> {
    const row = await this.rows().where('d.name', '=', name).executeTakeFirst();
    return row ? toStored(row) : null;
  }

  async list(projectIds: readonly number[] | undefined): Promise<Deployment[]> {
    if (projectIds !== undefined && projectIds.length === 0) return [];
    let query = this.rows();
    if (projectIds !== undefined) query = query.where('d.project_id', 'in', [...projectIds]);
    const rows = await query.orderBy('d.name').execute();
    return rows.map((row) => strip(toStored(row)));
  }

  async addRevision(deployment: StoredDeployment, expected: number, revision: NewRevision, action: RevisionAction, details: Record<string, unknown> = {}): Promise<Deployment> {
    const next = expected + 1;
    await this.db.transaction().execute(async (trx) => {
      // Compare-and-set on the revision number: of two concurrent changes, the second fails rather than overwriting.
      const { numUpdatedRows } = await trx
        .updateTable('deployments')
        .set({ current_revision: next, last_update_time: revision.time })
        .where('id', '=', deployment.id)
        .where('current_revision', '=', expected)
        .executeTakeFirst();
      if (numUpdatedRows === 0n) throw invalidState(`Deployment '${deployment.name}' changed since revision ${expected} was read; read it again and retry`);
      await insertRevision(trx, deployment.id, next, revision);
      await this.audit.record(trx, change(action, deployment.name, deployment.projectId, next, revision, details));
    });
    return strip(await this.mustGet(deployment.name));
  }

  async revisions(deploymentId: number): Promise<DeploymentRevision[]> {
    const rows = await this.db.selectFrom('deployment_revisions').selectAll().where('deployment_id', '=', deploymentId).orderBy('revision').execute();
    return rows.map((row) => toRevision(row, Number(row.revision)));
  }

  async delete(deployment: StoredDeployment): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('deployment_revisions').where('deployment_id', '=', deployment.id).execute();
      // Its monitors watch nothing any more; the prediction log and its labels go with the retention pass.
      await deleteMonitors(trx, 'deployment_id', deployment.id);
      const { numDeletedRows } = await trx.deleteFrom('deployments').where('id', '=', deployment.id).executeTakeFirst();
      if (numDeletedRows === 0n) throw notFound(`Deployment '${deployment.name}' not found`);
      await this.audit.record(trx, {
        action: 'deployment.delete',
        resourceType: 'deployment',
        resourceId: deployment.name,
        projectId: deployment.projectId,
        details: { revision: deployment.current.revision, summary: summarizeSpec(deployment.current.spec) },
      });
    });
  }

  private async mustGet(name: string): Promise<StoredDeployment> {
    const found = await this.get(name);
    if (!found) throw notFound(`Deployment '${name}' not found`);
    return found;
  }

  /** Each deployment with its project's name and its current revision. */
  private rows() {
    return this.db
      .selectFrom('deployments as d')
      .innerJoin('projects as p', 'p.id', 'd.project_id')
      .innerJoin('deployment_revisions as r', (join) => join.onRef('r.deployment_id', '=', 'd.id').onRef('r.revision', '=', 'd.current_revision'))
      .selectAll('d')
      .select(['p.name as project', 'r.spec', 'r.actor', 'r.comment', 'r.time']);
  }
}

async function insertRevision(trx: Kysely<Schema>, deploymentId: number, number: number, revision: NewRevision): Promise<void> {
  await trx
    .insertInto('deployment_revisions')
    .values({ deployment_id: deploymentId, revision: number, spec: JSON.stringify(revision.spec), actor: revision.actor, comment: revision.comment, time: revision.time })
    .execute();
}

function change(action: 'create' | RevisionAction, name: string, projectId: number, revision: number, content: NewRevision, details: Record<string, unknown> = {}): AuditChange {
  return {
    action: `deployment.${action}`,
    resourceType: 'deployment',
    resourceId: name,
    projectId,
    details: { revision, comment: content.comment, summary: summarizeSpec(content.spec), ...details },
  };
}

function toRevision(row: Pick<Selectable<DeploymentRevisionsTable>, 'spec' | 'actor' | 'comment' | 'time'>, revision: number): DeploymentRevision {
  return { revision, time: Number(row.time), actor: row.actor, comment: row.comment, spec: JSON.parse(row.spec) as DeploymentSpec };
}

function toStored(row: DeploymentRow): StoredDeployment {
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    name: row.name,
    project: row.project,
    createdTime: Number(row.created_time),
    lastUpdateTime: Number(row.last_update_time),
    current: toRevision(row, Number(row.current_revision)),
  };
}

function strip(deployment: StoredDeployment): Deployment {
  const { id: _id, projectId: _projectId, ...rest } = deployment;
  return rest;
}
