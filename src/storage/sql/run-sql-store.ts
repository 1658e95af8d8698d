import type { Kysely, Selectable } from 'kysely';
import { alreadyExists, notFound } from '../../domain/errors.js';
import type { RunQuery } from '../../domain/tracking/search/search-query.js';
import type { NewRun, RunUpdate } from '../../domain/tracking/tracking-store.js';
import { systemTags, type LifecycleStage, type Metric, type Run, type RunInfo, type RunStatus } from '../../domain/tracking/types.js';
import type { AuditTrail } from './audit-trail.js';
import type { DatasetSqlStore } from './dataset-sql-store.js';
import type { SqlDialectName } from './dialect.js';
import { lastValuePerKey } from './experiment-sql-store.js';
import type { RunRefs } from './run-refs.js';
import { selectRunIds } from './run-search-sql.js';
import type { RunsTable, Schema } from './schema.js';
import { chunks, inListChunk, isUniqueViolation, parseStoredId, rawQuery } from './sql-support.js';

/** Runs: their row, lifecycle, tag deletion, and loading whole runs (data and inputs) in bulk. */
export class RunSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly refs: RunRefs,
    private readonly datasets: DatasetSqlStore,
    private readonly audit: AuditTrail,
  ) {}

  async create(run: NewRun): Promise<void> {
    const experimentId = parseStoredId(run.experimentId);
    if (experimentId === undefined) throw notFound(`No experiment with id '${run.experimentId}'`);
    try {
      await this.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('runs')
          .values({
            run_uuid: run.runId,
            experiment_id: experimentId,
            name: run.runName,
            user_id: run.userId,
            status: 'RUNNING',
            start_time: run.startTime,
            end_time: null,
            artifact_uri: run.artifactUri,
            lifecycle_stage: 'active',
            deleted_time: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const tags = lastValuePerKey(run.tags);
        if (tags.length > 0) {
          await trx
            .insertInto('run_tags')
            .values(tags.map((tag) => ({ run_id: Number(id), key: tag.key, value: tag.value })))
            .execute();
        }
        await this.record(trx, run.runId, 'run.create', { experimentId: run.experimentId, runName: run.runName, tags: tags.length }, { ...run, tags });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`Run with id '${run.runId}' already exists`);
      throw error;
    }
  }

  /** Called before every logging call (lifecycle check), so it skips the query builder. */
  async getInfo(runId: string): Promise<RunInfo | undefined> {
    const { rows } = await this.db.executeQuery(rawQuery<Selectable<RunsTable>>(this.dialect, 'select * from runs where run_uuid = ?', [runId]));
    const row = rows[0];
    return row ? toRunInfo(row) : undefined;
  }

  async get(runId: string): Promise<Run | undefined> {
    const ref = await this.refs.resolve(runId);
    if (!ref) return undefined;
    const [run] = await this.load([ref.id]);
    return run;
  }

  async update(runId: string, update: RunUpdate): Promise<RunInfo> {
    const changes: { status?: RunStatus; end_time?: number; name?: string } = {};
    if (update.status !== undefined) changes.status = update.status;
    if (update.endTime !== undefined) changes.end_time = update.endTime;
    if (update.runName !== undefined) changes.name = update.runName;
    if (Object.keys(changes).length > 0) {
      await this.db.transaction().execute(async (trx) => {
        const id = await this.updateRow(trx, runId, changes);
        // The name lives in the run row and in its tag; they change together.
        if (changes.name !== undefined) {
          await trx
            .insertInto('run_tags')
            .values({ run_id: id, key: systemTags.runName, value: changes.name })
            .onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet({ value: changes.name! }))
            .execute();
        }
        await this.record(trx, runId, 'run.update', { ...update });
      });
    }
    const info = await this.getInfo(runId);
    if (!info) throw notFound(`No run with id '${runId}'`);
    return info;
  }

  async setLifecycle(runId: string, stage: LifecycleStage, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.updateRow(trx, runId, { lifecycle_stage: stage, deleted_time: stage === 'deleted' ? now : null });
      await this.record(trx, runId, stage === 'deleted' ? 'run.delete' : 'run.restore', {});
    });
  }

  /** Removing a tag that is not there is a no-op; the service reports it to callers. */
  async deleteTag(runId: string, key: string): Promise<void> {
    const ref = await this.refs.resolve(runId);
    if (!ref) throw notFound(`No run with id '${runId}'`);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('run_tags').where('run_id', '=', ref.id).where('key', '=', key).execute();
      await this.record(trx, runId, 'run.tag.delete', { key });
    });
  }

  async search(query: RunQuery): Promise<Run[]> {
    const ids = await selectRunIds(this.db, this.dialect, query);
    return this.load(ids);
  }

  /**
   * Whole runs for internal `ids`, in the same order: five queries per chunk of ids (runs, tags,
   * params, latest metrics, inputs), whatever the number of runs.
   */
  async load(ids: readonly number[]): Promise<Run[]> {
    const byId = new Map<number, Run>();
    for (const part of chunks(ids, inListChunk)) {
      const rows = await this.db.selectFrom('runs').selectAll().where('id', 'in', part).execute();
      for (const row of rows) {
        byId.set(Number(row.id), { info: toRunInfo(row), data: { metrics: [], params: [], tags: [] }, inputs: { datasetInputs: [] } });
      }
      for (const table of ['run_tags', 'params'] as const) {
        const pairs = await this.db
          .selectFrom(table)
          .select(['run_id', 'key', 'value'])
          .where('run_id', 'in', part)
          .orderBy('run_id')
          .orderBy('key')
          .execute();
        for (const pair of pairs) {
          const data = byId.get(Number(pair.run_id))?.data;
          (table === 'run_tags' ? data?.tags : data?.params)?.push({ key: pair.key, value: pair.value });
        }
      }
      const metrics = await this.db
        .selectFrom('latest_metrics')
        .select(['run_id', 'key', 'step', 'timestamp', 'value', 'is_nan'])
        .where('run_id', 'in', part)
        .orderBy('run_id')
        .orderBy('key')
        .execute();
      for (const m of metrics) {
        const metric: Metric = { key: m.key, value: m.is_nan ? NaN : Number(m.value), timestamp: Number(m.timestamp), step: Number(m.step) };
        byId.get(Number(m.run_id))?.data.metrics.push(metric);
      }
      const inputs = await this.datasets.inputsOf(part);
      for (const [runId, datasetInputs] of inputs) {
        const run = byId.get(runId);
        if (run) run.inputs.datasetInputs = datasetInputs;
      }
    }
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Returns the run's internal id. */
  private async updateRow(
    trx: Kysely<Schema>,
    runId: string,
    changes: { status?: RunStatus; end_time?: number; name?: string; lifecycle_stage?: LifecycleStage; deleted_time?: number | null },
  ): Promise<number> {
    const row = await trx.updateTable('runs').set(changes).where('run_uuid', '=', runId).returning('id').executeTakeFirst();
    if (!row) throw notFound(`No run with id '${runId}'`);
    return Number(row.id);
  }

  /** The audit event of a change to run `runId`, in its experiment's project; the last statement of `trx`. */
  private async record(trx: Kysely<Schema>, runId: string, action: string, details: Record<string, unknown>, payload?: unknown): Promise<void> {
    await this.audit.record(trx, {
      action,
      resourceType: 'run',
      resourceId: runId,
      projectId: await runProjectId(trx, this.dialect, runId),
      details,
      ...(payload === undefined ? {} : { payload }),
    });
  }
}

/** The project of the run's experiment; null for an unknown run. */
export async function runProjectId(db: Kysely<Schema>, dialect: SqlDialectName, runId: string): Promise<number | null> {
  const { rows } = await db.executeQuery(
    rawQuery<{ project_id: number }>(dialect, 'select e.project_id from runs r join experiments e on e.experiment_id = r.experiment_id where r.run_uuid = ?', [runId]),
  );
  return rows[0] ? Number(rows[0].project_id) : null;
}

function toRunInfo(row: Selectable<RunsTable>): RunInfo {
  return {
    runId: row.run_uuid,
    runName: row.name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status as RunStatus,
    startTime: Number(row.start_time),
    endTime: row.end_time === null ? null : Number(row.end_time),
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage as LifecycleStage,
  };
}
