import { sql, type Kysely, type Selectable } from 'kysely';
import { decodeTensorLog, encodeTensorLog } from '../../domain/predictions/tensor-log-codec.js';
import type { PredictionRecord } from '../../domain/predictions/prediction.js';
import type { PredictionCursor, PredictionStore, RetentionTarget, StoredPrediction } from '../../domain/predictions/prediction-store.js';
import type { DeploymentSpec } from '../../domain/deployments/deployment.js';
import type { SqlDialectName } from './dialect.js';
import type { PredictionsTable, Schema } from './schema.js';
import { insertFlat, maxBoundParameters } from './sql-support.js';

/** The columns of one logged prediction, in the order `predictionRow` gives their values. */
export const predictionColumns = ['id', 'deployment_id', 'project_id', 'time', 'revision', 'model', 'version', 'latency_ms', 'inputs', 'outputs', 'shadows'] as const;
/** Rows that fit one INSERT under the parameter limit; larger batches span statements in one transaction. */
const rowsPerStatement = Math.floor(maxBoundParameters / predictionColumns.length);

/** One record's column values: the tensors in the codec's binary form, the shadows as JSON text. */
export function predictionRow(r: PredictionRecord): (string | number | Uint8Array)[] {
  // A fractional time (a custom clock) would fail the bigint column, and with it the whole batch.
  return [r.id, r.deploymentId, r.projectId, Math.trunc(r.time), r.revision, r.model, r.version, r.latencyMs, encodeTensorLog(r.inputs), encodeTensorLog(r.outputs), JSON.stringify(r.shadows)];
}

type Row = Selectable<PredictionsTable> & { deployment: string; project: string };

/**
 * PredictionStore on SQLite and Postgres. Writes are not audited (see PredictionStore): the log is
 * a record of traffic, not a change of state.
 */
export class PredictionSqlStore implements PredictionStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
  ) {}

  async insert(records: readonly PredictionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values = records.flatMap(predictionRow);
    // A batch retried after a failure it did not see (a lost commit acknowledgement) must not fail on its own rows.
    const write = (db: Kysely<Schema>) => insertFlat(db, this.dialect, 'predictions', predictionColumns, values, 'on conflict (id) do nothing');
    if (records.length <= rowsPerStatement) await write(this.db);
    else await this.db.transaction().execute(write);
  }

  async get(id: string): Promise<StoredPrediction | null> {
    const row = await this.rows().where('p.id', '=', id).executeTakeFirst();
    return row ? predictionFromRow(row) : null;
  }

  async list(deploymentId: number, page: { limit: number; after?: PredictionCursor }): Promise<StoredPrediction[]> {
    let query = this.rows().where('p.deployment_id', '=', deploymentId);
    const after = page.after;
    if (after) query = query.where((eb) => eb.or([eb('p.time', '<', after.time), eb.and([eb('p.time', '=', after.time), eb('p.id', '<', after.id)])]));
    const rows = await query.orderBy('p.time', 'desc').orderBy('p.id', 'desc').limit(page.limit).execute();
    return rows.map(predictionFromRow);
  }

  async listAfter(deploymentId: number, after: PredictionCursor | null, limit: number, before?: number): Promise<StoredPrediction[]> {
    let query = this.rows().where('p.deployment_id', '=', deploymentId);
    if (after) query = query.where((eb) => eb.or([eb('p.time', '>', after.time), eb.and([eb('p.time', '=', after.time), eb('p.id', '>', after.id)])]));
    if (before !== undefined) query = query.where('p.time', '<', before);
    const rows = await query.orderBy('p.time', 'asc').orderBy('p.id', 'asc').limit(limit).execute();
    return rows.map(predictionFromRow);
  }

  async retentionTargets(): Promise<RetentionTarget[]> {
    // The distinct deployments of the log by a loose index scan: one index seek per deployment,
    // instead of reading every row as DISTINCT would.
    const { rows } = await sql<{ deployment_id: number | string; spec: string | null }>`
      with recursive ids(id) as (
        select (select deployment_id from predictions order by deployment_id limit 1)
        union all
        select (select p.deployment_id from predictions p where p.deployment_id > ids.id order by p.deployment_id limit 1)
        from ids where ids.id is not null
      )
      select ids.id as deployment_id, r.spec from ids
      left join deployments d on d.id = ids.id
      left join deployment_revisions r on r.deployment_id = d.id and r.revision = d.current_revision
      where ids.id is not null`.execute(this.db);
    return rows.map((row) => ({
      deploymentId: Number(row.deployment_id),
      retentionDays: row.spec === null ? null : (JSON.parse(row.spec) as DeploymentSpec).logging.retentionDays,
    }));
  }

  async purge(deploymentId: number, before: number | null, limit: number): Promise<number> {
    // Bounded deletes: each statement holds its locks (SQLite: the one writer lock) only briefly.
    let chosen = this.db.selectFrom('predictions').select('id').where('deployment_id', '=', deploymentId);
    if (before !== null) chosen = chosen.where('time', '<', before);
    const { numDeletedRows } = await this.db.deleteFrom('predictions').where('id', 'in', chosen.orderBy('time').limit(limit)).executeTakeFirst();
    const deleted = Number(numDeletedRows);
    // The last chunk takes the labels of the same range with it: feedback never outlives its prediction.
    if (deleted < limit) {
      let labels = this.db.deleteFrom('feedback').where('deployment_id', '=', deploymentId);
      if (before !== null) labels = labels.where('prediction_time', '<', before);
      await labels.execute();
    }
    return deleted;
  }

  /** Predictions of deployments that still exist, with the names reads answer. */
  private rows() {
    return this.db
      .selectFrom('predictions as p')
      .innerJoin('deployments as d', 'd.id', 'p.deployment_id')
      .innerJoin('projects as pr', 'pr.id', 'p.project_id')
      .selectAll('p')
      .select(['d.name as deployment', 'pr.name as project']);
  }
}

/** A predictions row joined with its deployment's and project's names, as reads answer it. */
export function predictionFromRow(row: Row): StoredPrediction {
  return {
    id: row.id,
    time: Number(row.time),
    deployment: row.deployment,
    project: row.project,
    revision: Number(row.revision),
    model: row.model,
    version: Number(row.version),
    inputs: decodeTensorLog(row.inputs),
    outputs: decodeTensorLog(row.outputs),
    latencyMs: Number(row.latency_ms),
    shadows: JSON.parse(row.shadows) as StoredPrediction['shadows'],
    deploymentId: Number(row.deployment_id),
    projectId: Number(row.project_id),
  };
}
