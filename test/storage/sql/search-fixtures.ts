import type { Kysely } from 'kysely';
import type { Schema } from '../../../src/storage/sql/schema.js';

/** Rows for search tests, inserted straight into the tables the search reads. */
export interface RunFixture {
  uuid: string;
  experimentId: number;
  name?: string;
  user?: string;
  status?: string;
  start: number;
  end?: number | null;
  stage?: 'active' | 'deleted';
  metrics?: Record<string, number>;
  params?: Record<string, string>;
  tags?: Record<string, string>;
  inputs?: { name: string; digest: string; context?: string }[];
}

export async function insertExperiment(
  db: Kysely<Schema>,
  row: { name: string; stage?: 'active' | 'deleted'; created?: number; updated?: number; tags?: Record<string, string> },
): Promise<number> {
  const { experiment_id } = await db
    .insertInto('experiments')
    .values({
      name: row.name,
      artifact_location: `mlflow-artifacts:/${row.name}`,
      lifecycle_stage: row.stage ?? 'active',
      creation_time: row.created ?? 0,
      last_update_time: row.updated ?? row.created ?? 0,
    })
    .returning('experiment_id')
    .executeTakeFirstOrThrow();
  const id = Number(experiment_id);
  for (const [key, value] of Object.entries(row.tags ?? {})) {
    await db.insertInto('experiment_tags').values({ experiment_id: id, key, value }).execute();
  }
  return id;
}

/** Inserts runs with their latest metrics, params, tags and dataset inputs; returns uuid by internal id. */
export async function insertRuns(db: Kysely<Schema>, runs: RunFixture[]): Promise<Map<number, string>> {
  const uuids = new Map<number, string>();
  for (const run of runs) {
    const { id } = await db
      .insertInto('runs')
      .values({
        run_uuid: run.uuid,
        experiment_id: run.experimentId,
        name: run.name ?? run.uuid,
        user_id: run.user ?? 'someone',
        status: run.status ?? 'FINISHED',
        start_time: run.start,
        end_time: run.end ?? null,
        artifact_uri: `mlflow-artifacts:/${run.experimentId}/${run.uuid}/artifacts`,
        lifecycle_stage: run.stage ?? 'active',
        deleted_time: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = Number(id);
    uuids.set(runId, run.uuid);
    for (const [key, value] of Object.entries(run.metrics ?? {})) {
      const isNan = Number.isNaN(value);
      await db
        .insertInto('latest_metrics')
        .values({ run_id: runId, key, step: 0, timestamp: run.start, value: isNan ? 0 : value, is_nan: isNan ? 1 : 0 })
        .execute();
    }
    for (const [key, value] of Object.entries(run.params ?? {})) await db.insertInto('params').values({ run_id: runId, key, value }).execute();
    for (const [key, value] of Object.entries(run.tags ?? {})) await db.insertInto('run_tags').values({ run_id: runId, key, value }).execute();
    for (const input of run.inputs ?? []) {
      const dataset = await db
        .insertInto('datasets')
        .values({ experiment_id: run.experimentId, name: input.name, digest: input.digest, source_type: 'local', source: '{}', schema: null, profile: null })
        .onConflict((c) => c.columns(['experiment_id', 'name', 'digest']).doUpdateSet({ source: '{}' }))
        .returning('id')
        .executeTakeFirstOrThrow();
      const tags = input.context === undefined ? [] : [{ key: 'mlflow.data.context', value: input.context }];
      await db.insertInto('run_inputs').values({ run_id: runId, dataset_id: Number(dataset.id), tags: JSON.stringify(tags) }).execute();
    }
  }
  return uuids;
}
