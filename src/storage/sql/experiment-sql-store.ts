import type { Kysely, Selectable } from 'kysely';
import { alreadyExists, notFound } from '../../domain/errors.js';
import type { ExperimentQuery } from '../../domain/tracking/search/search-query.js';
import type { NewExperiment } from '../../domain/tracking/tracking-store.js';
import type { Experiment, KeyValue, LifecycleStage } from '../../domain/tracking/types.js';
import { clipDetail } from '../../domain/audit/audit-details.js';
import type { AuditTrail } from './audit-trail.js';
import { defaultProjectId } from '../../domain/access/project-access.js';
import type { SqlDialectName } from './dialect.js';
import { selectExperimentIds } from './experiment-search-sql.js';
import type { ExperimentsTable, Schema } from './schema.js';
import { chunks, inListChunk, isUniqueViolation, parseStoredId } from './sql-support.js';

/** Experiments and their tags. */
export class ExperimentSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly audit: AuditTrail,
  ) {}

  async create(experiment: NewExperiment): Promise<string> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const { experiment_id: id } = await trx
          .insertInto('experiments')
          .values({
            name: experiment.name,
            // The default location needs the new id, so it is filled in right after the insert.
            artifact_location: experiment.artifactLocation ?? '',
            lifecycle_stage: 'active',
            project_id: experiment.projectId ?? defaultProjectId,
            creation_time: experiment.now,
            last_update_time: experiment.now,
          })
          .returning('experiment_id')
          .executeTakeFirstOrThrow();
        const experimentId = String(id);
        if (experiment.artifactLocation === undefined) {
          await trx
            .updateTable('experiments')
            .set({ artifact_location: experiment.artifactLocationFor(experimentId) })
            .where('experiment_id', '=', id)
            .execute();
        }
        const tags = lastValuePerKey(experiment.tags);
        if (tags.length > 0) {
          await trx
            .insertInto('experiment_tags')
            .values(tags.map((tag) => ({ experiment_id: id, key: tag.key, value: tag.value })))
            .execute();
        }
        await this.record(trx, id, 'experiment.create', { name: experiment.name, tags: tags.length }, { name: experiment.name, artifactLocation: experiment.artifactLocation ?? null, tags });
        return experimentId;
      });
    } catch (error) {
      // A deleted experiment keeps its name too: names are unique across lifecycle stages.
      if (isUniqueViolation(error)) throw alreadyExists(`Experiment(name=${experiment.name}) already exists.`);
      throw error;
    }
  }

  async get(experimentId: string): Promise<Experiment | undefined> {
    const id = parseStoredId(experimentId);
    if (id === undefined) return undefined;
    const row = await experimentRows(this.db).where('experiment_id', '=', id).executeTakeFirst();
    return row ? this.withTags(row) : undefined;
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    // Names are unique, so there is never an active and a deleted experiment to choose between.
    const row = await experimentRows(this.db).where('experiments.name', '=', name).executeTakeFirst();
    return row ? this.withTags(row) : undefined;
  }

  async rename(experimentId: string, newName: string, now: number): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const previous = await trx.selectFrom('experiments').select('name').where('experiment_id', '=', parseStoredId(experimentId) ?? -1).executeTakeFirst();
        const id = await this.touch(trx, experimentId, now, { name: newName });
        await this.record(trx, id, 'experiment.rename', { name: newName, previousName: previous?.name ?? null });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`Experiment(name=${newName}) already exists.`);
      throw error;
    }
  }

  /** As in MLflow, the experiment's runs follow it: deleted with it, and all restored with it. */
  async setLifecycle(experimentId: string, stage: LifecycleStage, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await this.touch(trx, experimentId, now, { lifecycle_stage: stage });
      const runs = await trx
        .updateTable('runs')
        .set({ lifecycle_stage: stage, deleted_time: stage === 'deleted' ? now : null })
        .where('experiment_id', '=', id)
        .executeTakeFirst();
      await this.record(trx, id, stage === 'deleted' ? 'experiment.delete' : 'experiment.restore', { runs: Number(runs.numUpdatedRows) });
    });
  }

  async setTag(experimentId: string, tag: KeyValue, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await this.touch(trx, experimentId, now, {});
      await trx
        .insertInto('experiment_tags')
        .values({ experiment_id: id, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['experiment_id', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      await this.record(trx, id, 'experiment.tag.set', { key: tag.key, value: clipDetail(tag.value) }, tag);
    });
  }

  async deleteTag(experimentId: string, key: string, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await this.touch(trx, experimentId, now, {});
      await trx.deleteFrom('experiment_tags').where('experiment_id', '=', id).where('key', '=', key).execute();
      await this.record(trx, id, 'experiment.tag.delete', { key });
    });
  }

  async search(query: ExperimentQuery): Promise<Experiment[]> {
    const ids = await selectExperimentIds(this.db, this.dialect, query);
    return this.load(ids);
  }

  /** Full experiments for `ids`, in the same order, with two queries per chunk of ids. */
  async load(ids: readonly number[]): Promise<Experiment[]> {
    const byId = new Map<number, Experiment>();
    for (const part of chunks(ids, inListChunk)) {
      const rows = await experimentRows(this.db).where('experiment_id', 'in', part).execute();
      for (const row of rows) byId.set(Number(row.experiment_id), toExperiment(row));
      const tags = await this.db
        .selectFrom('experiment_tags')
        .select(['experiment_id', 'key', 'value'])
        .where('experiment_id', 'in', part)
        .orderBy('experiment_id')
        .orderBy('key')
        .execute();
      for (const tag of tags) byId.get(Number(tag.experiment_id))?.tags.push({ key: tag.key, value: tag.value });
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private async withTags(row: ExperimentRow): Promise<Experiment> {
    const experiment = toExperiment(row);
    const tags = await this.db
      .selectFrom('experiment_tags')
      .select(['key', 'value'])
      .where('experiment_id', '=', row.experiment_id)
      .orderBy('key')
      .execute();
    experiment.tags = tags;
    return experiment;
  }

  /** The audit event of a change to experiment `id`, in its project; the last statement of `trx`. */
  private async record(trx: Kysely<Schema>, id: number, action: string, details: Record<string, unknown>, payload?: unknown): Promise<void> {
    const row = await trx.selectFrom('experiments').select('project_id').where('experiment_id', '=', id).executeTakeFirst();
    await this.audit.record(trx, {
      action,
      resourceType: 'experiment',
      resourceId: String(id),
      projectId: row ? Number(row.project_id) : null,
      details,
      ...(payload === undefined ? {} : { payload }),
    });
  }

  /** Applies `changes` and bumps last_update_time; throws NOT_FOUND for an unknown experiment. */
  private async touch(
    db: Kysely<Schema>,
    experimentId: string,
    now: number,
    changes: { name?: string; lifecycle_stage?: LifecycleStage },
  ): Promise<number> {
    const id = parseStoredId(experimentId);
    const result =
      id === undefined
        ? undefined
        : await db
            .updateTable('experiments')
            .set({ ...changes, last_update_time: now })
            .where('experiment_id', '=', id)
            .executeTakeFirst();
    if (id === undefined || !result || result.numUpdatedRows === 0n) throw notFound(`No experiment with id '${experimentId}'`);
    return id;
  }
}

type ExperimentRow = Selectable<ExperimentsTable> & { project: string };

/** Experiment rows with the name of their project, which native responses carry. */
function experimentRows(db: Kysely<Schema>) {
  return db.selectFrom('experiments').innerJoin('projects', 'projects.id', 'experiments.project_id').selectAll('experiments').select('projects.name as project');
}

function toExperiment(row: ExperimentRow): Experiment {
  return {
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
    creationTime: Number(row.creation_time),
    lastUpdateTime: Number(row.last_update_time),
    projectId: Number(row.project_id),
    project: row.project,
    tags: [],
  };
}

/** The last value wins when a key repeats, as if the tags had been set one after another. */
export function lastValuePerKey(pairs: readonly KeyValue[]): KeyValue[] {
  const byKey = new Map<string, string>();
  for (const pair of pairs) byKey.set(pair.key, pair.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}
