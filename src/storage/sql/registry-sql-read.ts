import type { Kysely } from 'kysely';
import { deletedStage, type ModelStage, type ModelVersion, type ModelVersionStatus, type RegisteredModel } from '../../domain/registry/types.js';
import type { KeyValue } from '../../domain/tracking/types.js';
import type { ModelVersionsTable, RegisteredModelsTable, Schema } from './schema.js';
import { versionContentFields } from './version-files-sql-store.js';

/** Reads that turn registry rows into domain entities, a batch of rows at a time (no query per row). */

export type VersionRow = Omit<ModelVersionsTable, 'id' | 'format'> & { id: number; name: string; format: string };
export type ModelRow = Omit<RegisteredModelsTable, 'id' | 'project_id'> & { id: number; project_id: number };

const versionColumns = [
  'v.id',
  'v.model_id',
  'v.version',
  'v.creation_time',
  'v.last_update_time',
  'v.user_id',
  'v.current_stage',
  'v.description',
  'v.source',
  'v.run_id',
  'v.run_link',
  'v.status',
  'v.format',
  'v.flavors',
  'v.signature',
  'm.name',
] as const;

/** The version rows (deleted ones excluded) joined to their model's name. */
export function versionRows(db: Kysely<Schema>) {
  return db
    .selectFrom('model_versions as v')
    .innerJoin('registered_models as m', 'm.id', 'v.model_id')
    .select(versionColumns)
    .where('v.current_stage', '<>', deletedStage);
}

export async function hydrateVersions(db: Kysely<Schema>, rows: readonly VersionRow[]): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => Number(row.id));
  const [tags, aliases] = await Promise.all([
    db.selectFrom('model_version_tags').select(['version_id', 'key', 'value']).where('version_id', 'in', ids).orderBy('key').execute(),
    db.selectFrom('registered_model_aliases').select(['version_id', 'alias']).where('version_id', 'in', ids).orderBy('alias').execute(),
  ]);
  const tagsOf = groupBy(tags, (t) => Number(t.version_id), (t): KeyValue => ({ key: t.key, value: t.value }));
  const aliasesOf = groupBy(aliases, (a) => Number(a.version_id), (a) => a.alias);
  return rows.map((row) => ({
    name: row.name,
    version: Number(row.version),
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    userId: row.user_id,
    currentStage: row.current_stage as ModelStage,
    description: row.description,
    source: row.source,
    runId: row.run_id,
    runLink: row.run_link,
    status: row.status as ModelVersionStatus,
    tags: tagsOf.get(Number(row.id)) ?? [],
    aliases: aliasesOf.get(Number(row.id)) ?? [],
    ...versionContentFields(row),
  }));
}

export async function hydrateModels(db: Kysely<Schema>, rows: readonly ModelRow[]): Promise<RegisteredModel[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => Number(row.id));
  const projectIds = [...new Set(rows.map((row) => Number(row.project_id)))];
  const [tags, aliases, latestRows, projects] = await Promise.all([
    db.selectFrom('registered_model_tags').select(['model_id', 'key', 'value']).where('model_id', 'in', ids).orderBy('key').execute(),
    db
      .selectFrom('registered_model_aliases as a')
      .innerJoin('model_versions as v', 'v.id', 'a.version_id')
      .select(['a.model_id', 'a.alias', 'v.version'])
      .where('a.model_id', 'in', ids)
      .orderBy('a.alias')
      .execute(),
    latestVersionRows(db, ids, undefined),
    db.selectFrom('projects').select(['id', 'name']).where('id', 'in', projectIds).execute(),
  ]);
  const projectNames = new Map(projects.map((p) => [Number(p.id), p.name]));
  const latest = groupBy(await hydrateVersions(db, latestRows), (v) => v.name, (v) => v);
  const tagsOf = groupBy(tags, (t) => Number(t.model_id), (t): KeyValue => ({ key: t.key, value: t.value }));
  const aliasesOf = groupBy(aliases, (a) => Number(a.model_id), (a) => ({ alias: a.alias, version: Number(a.version) }));
  return rows.map((row) => ({
    name: row.name,
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    description: row.description,
    projectId: Number(row.project_id),
    project: projectNames.get(Number(row.project_id)) ?? '',
    latestVersions: latest.get(row.name) ?? [],
    tags: tagsOf.get(Number(row.id)) ?? [],
    aliases: aliasesOf.get(Number(row.id)) ?? [],
  }));
}

/** The highest live version per (model, stage), optionally only for some stages; ordered by version. */
export function latestVersionRows(db: Kysely<Schema>, modelIds: readonly number[], stages: readonly ModelStage[] | undefined): Promise<VersionRow[]> {
  let query = versionRows(db)
    .where('v.model_id', 'in', modelIds)
    .where(({ eb, selectFrom }) =>
      eb(
        'v.version',
        '=',
        selectFrom('model_versions as w')
          .select(({ fn }) => fn.max('w.version').as('top'))
          .whereRef('w.model_id', '=', 'v.model_id')
          .whereRef('w.current_stage', '=', 'v.current_stage'),
      ),
    );
  if (stages !== undefined) query = query.where('v.current_stage', 'in', stages);
  return query.orderBy('v.version').execute() as Promise<VersionRow[]>;
}

function groupBy<T, K, V>(items: readonly T[], keyOf: (item: T) => K, valueOf: (item: T) => V): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(valueOf(item));
    else map.set(key, [valueOf(item)]);
  }
  return map;
}
