import { sql, type Kysely } from 'kysely';
import type { ModelOrderKey, VersionOrderKey } from '../../domain/registry/registry-search.js';
import type { ModelQuery, VersionQuery } from '../../domain/registry/registry-store.js';
import { deletedStage } from '../../domain/registry/types.js';
import type { Schema } from './schema.js';
import type { ModelRow, VersionRow } from './registry-sql-read.js';
import { and, compareInteger, compareText, direction, type Fragment } from './search-sql-compare.js';

// Model names use a byte-wise collation in the migration, so no per-query collate is needed.
const modelColumns: Record<ModelOrderKey, Fragment> = {
  name: sql`m.name`,
  creation_timestamp: sql`m.creation_time`,
  last_updated_timestamp: sql`m.last_update_time`,
};

const versionColumns: Record<VersionOrderKey, Fragment> = {
  name: sql`m.name`,
  version_number: sql`v.version`,
  creation_timestamp: sql`v.creation_time`,
  last_updated_timestamp: sql`v.last_update_time`,
};

/** One page of registered model rows for `query`, in order. */
export async function selectModelRows(db: Kysely<Schema>, query: ModelQuery): Promise<ModelRow[]> {
  const joins: Fragment[] = [];
  const where: Fragment[] = [];
  if (query.projectIds) where.push(inProjects(query.projectIds));
  query.filter.forEach((clause, i) => {
    if (clause.kind === 'tag') {
      const t = sql.raw(`t${i}`);
      joins.push(sql`join registered_model_tags ${t} on ${t}.model_id = m.id and ${t}.key = ${clause.key}`);
      where.push(compareText(sql`${t}.value`, clause.comparator, clause.value));
    } else {
      where.push(compareText(sql`m.name`, clause.comparator, clause.value));
    }
  });
  const orderBy = query.orderBy.map(({ key, ascending }) => sql`${modelColumns[key]} ${direction(ascending)}`);
  const { rows } = await sql<ModelRow>`
    select m.id, m.project_id, m.name, m.description, m.creation_time, m.last_update_time
    from registered_models m ${sql.join(joins, sql` `)}
    where ${and(where)}
    order by ${sql.join(orderBy)}
    limit ${query.limit} offset ${query.offset}`.execute(db);
  return rows;
}

/** One page of live model version rows for `query`, in order. */
export async function selectVersionRows(db: Kysely<Schema>, query: VersionQuery): Promise<VersionRow[]> {
  const joins: Fragment[] = [];
  const where: Fragment[] = [sql`v.current_stage <> ${deletedStage}`];
  if (query.projectIds) where.push(inProjects(query.projectIds));
  query.filter.forEach((clause, i) => {
    if (clause.kind === 'tag') {
      const t = sql.raw(`t${i}`);
      joins.push(sql`join model_version_tags ${t} on ${t}.version_id = v.id and ${t}.key = ${clause.key}`);
      where.push(compareText(sql`${t}.value`, clause.comparator, clause.value));
    } else if (clause.kind === 'version_number') {
      where.push(compareInteger(sql`v.version`, clause.comparator, clause.value));
    } else {
      const column = clause.key === 'name' ? sql`m.name` : clause.key === 'run_id' ? sql`v.run_id` : sql`v.source`;
      where.push(compareText(column, clause.comparator, clause.value));
    }
  });
  const orderBy = query.orderBy.map(({ key, ascending }) => sql`${versionColumns[key]} ${direction(ascending)}`);
  const { rows } = await sql<VersionRow>`
    select v.id, v.model_id, v.version, v.creation_time, v.last_update_time, v.user_id, v.current_stage,
           v.description, v.source, v.run_id, v.run_link, v.status, v.format, v.flavors, v.signature, m.name
    from model_versions v join registered_models m on m.id = v.model_id ${sql.join(joins, sql` `)}
    where ${and(where)}
    order by ${sql.join(orderBy)}
    limit ${query.limit} offset ${query.offset}`.execute(db);
  return rows;
}

/** A caller reads few projects, so one short IN list serves both databases. */
function inProjects(projectIds: readonly number[]): Fragment {
  return projectIds.length === 0 ? sql`1 = 0` : sql`m.project_id in (${sql.join(projectIds.map((id) => sql`${id}`))})`;
}
