import type { Kysely } from 'kysely';
import type { ProjectLookup, ProjectRef, RoleLookup } from '../../domain/access/project-lookup.js';
import { isProjectRole, type ProjectRole } from '../../domain/access/roles.js';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';
import { parseStoredId, rawQuery } from './sql-support.js';

const artifactScheme = 'mlflow-artifacts:/';

/**
 * The lookups access control makes on every checked call. Written as raw statements because they
 * sit on the log-batch hot path, where the query builder's compile step costs more than the query.
 * Caching is access control's business (AccessControl), not this store's.
 */
export class ProjectLookupSqlStore implements ProjectLookup, RoleLookup {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
  ) {}

  async projectOfExperiment(experimentId: string): Promise<number | undefined> {
    const id = parseStoredId(experimentId);
    if (id === undefined) return undefined;
    return this.projectId('select project_id from experiments where experiment_id = ?', [id]);
  }

  projectOfRun(runId: string): Promise<number | undefined> {
    return this.projectId('select e.project_id from runs r join experiments e on e.experiment_id = r.experiment_id where r.run_uuid = ?', [runId]);
  }

  projectOfModel(modelName: string): Promise<number | undefined> {
    return this.projectId('select project_id from registered_models where name = ?', [modelName]);
  }

  async experimentOfArtifactPath(path: string): Promise<string | undefined> {
    const segments = path.split('/').filter((s) => s !== '');
    if (segments.length === 0) return undefined;
    // Fast path: a default location is `mlflow-artifacts:/<experiment id>`.
    const first = segments[0] as string;
    const id = parseStoredId(first);
    if (id !== undefined) {
      const { rows } = await this.db.executeQuery(
        rawQuery<{ artifact_location: string }>(this.dialect, 'select artifact_location from experiments where experiment_id = ?', [id]),
      );
      if (rows[0] && trimLocation(rows[0].artifact_location) === `${artifactScheme}${first}`) return first;
    }
    // An experiment created with its own location inside the proxied store: the longest matching prefix wins.
    const prefixes = segments.map((_, i) => `${artifactScheme}${segments.slice(0, i + 1).join('/')}`);
    const candidates = [...prefixes, ...prefixes.map((p) => `${p}/`)];
    const rows = await this.db
      .selectFrom('experiments')
      .select(['experiment_id', 'artifact_location'])
      .where('artifact_location', 'in', candidates)
      .execute();
    let best: { id: string; length: number } | undefined;
    for (const row of rows) {
      const location = trimLocation(row.artifact_location);
      if (!best || location.length > best.length) best = { id: String(row.experiment_id), length: location.length };
    }
    return best?.id;
  }

  async modelOfUploadFolder(folder: string): Promise<{ projectId: number; name: string } | undefined> {
    // No index on source: this runs for proxied downloads of uploaded files only, never on the logging path.
    const { rows } = await this.db.executeQuery(
      rawQuery<{ project_id: number; name: string }>(
        this.dialect,
        'select m.project_id, m.name from model_versions v join registered_models m on m.id = v.model_id where v.source = ? order by v.id limit 1',
        [`${artifactScheme}${folder}`],
      ),
    );
    const row = rows[0];
    return row ? { projectId: Number(row.project_id), name: row.name } : undefined;
  }

  async projectByName(name: string): Promise<ProjectRef | undefined> {
    const row = await this.db.selectFrom('projects').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
    return row ? { id: Number(row.id), name: row.name } : undefined;
  }

  async projectName(projectId: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('projects').select('name').where('id', '=', projectId).executeTakeFirst();
    return row?.name;
  }

  async memberRole(userId: number, projectId: number): Promise<ProjectRole | undefined> {
    const { rows } = await this.db.executeQuery(
      rawQuery<{ role: string }>(this.dialect, 'select role from project_members where project_id = ? and user_id = ?', [projectId, userId]),
    );
    const role = rows[0]?.role;
    return role !== undefined && isProjectRole(role) ? role : undefined;
  }

  async memberships(userId: number): Promise<{ projectId: number; role: ProjectRole }[]> {
    const rows = await this.db.selectFrom('project_members').select(['project_id', 'role']).where('user_id', '=', userId).execute();
    return rows.flatMap((row) => (isProjectRole(row.role) ? [{ projectId: Number(row.project_id), role: row.role }] : []));
  }

  private async projectId(text: string, parameters: unknown[]): Promise<number | undefined> {
    const { rows } = await this.db.executeQuery(rawQuery<{ project_id: number }>(this.dialect, text, parameters));
    const row = rows[0];
    return row ? Number(row.project_id) : undefined;
  }
}

function trimLocation(location: string): string {
  return location.replace(/\/+$/, '');
}
