import type { Kysely } from 'kysely';
import type { Dataset, DatasetInput, KeyValue } from '../../domain/tracking/types.js';
import type { AuditTrail } from './audit-trail.js';
import type { Schema } from './schema.js';
import { chunks, inListChunk } from './sql-support.js';

/**
 * Dataset inputs of runs. A dataset belongs to an experiment and is stored once per
 * (experiment, name, digest); runs link to it with their own input tags.
 */
export class DatasetSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  /** Links `inputs` to the run (`runId` is its public id). A dataset the run already links to keeps its first tags. */
  async logInputs(run: { id: number; experimentId: number; runId: string }, inputs: readonly DatasetInput[]): Promise<void> {
    if (inputs.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const unique = new Map<string, DatasetInput>();
      for (const input of inputs) {
        const id = datasetKey(input.dataset);
        if (!unique.has(id)) unique.set(id, input);
      }
      const datasets = [...unique.values()].map(({ dataset }) => dataset);
      // A dataset seen before keeps its first description; only the identity matters for reuse.
      await trx
        .insertInto('datasets')
        .values(
          datasets.map((dataset) => ({
            experiment_id: run.experimentId,
            name: dataset.name,
            digest: dataset.digest,
            source_type: dataset.sourceType,
            source: dataset.source,
            schema: dataset.schema ?? null,
            profile: dataset.profile ?? null,
          })),
        )
        .onConflict((oc) => oc.columns(['experiment_id', 'name', 'digest']).doNothing())
        .execute();

      const names = [...new Set(datasets.map((dataset) => dataset.name))];
      const stored = await trx
        .selectFrom('datasets')
        .select(['id', 'name', 'digest'])
        .where('experiment_id', '=', run.experimentId)
        .where('name', 'in', names)
        .execute();
      const idByKey = new Map(stored.map((row) => [datasetKey(row), Number(row.id)]));

      const links = [...unique].map(([key, input]) => ({
        run_id: run.id,
        dataset_id: idByKey.get(key)!,
        tags: JSON.stringify(input.tags.map(({ key: k, value }) => ({ key: k, value }))),
      }));
      await trx
        .insertInto('run_inputs')
        .values(links)
        .onConflict((oc) => oc.columns(['run_id', 'dataset_id']).doNothing())
        .execute();
      const experiment = await trx.selectFrom('experiments').select('project_id').where('experiment_id', '=', run.experimentId).executeTakeFirst();
      await this.audit.record(trx, {
        action: 'run.inputs.log',
        resourceType: 'run',
        resourceId: run.runId,
        projectId: experiment ? Number(experiment.project_id) : null,
        details: { datasets: datasets.map((dataset) => ({ name: dataset.name, digest: dataset.digest })).slice(0, 20), count: datasets.length },
        payload: inputs,
      });
    });
  }

  /** Inputs of each run in `runIds`, in the order their datasets were first stored. */
  async inputsOf(runIds: readonly number[]): Promise<Map<number, DatasetInput[]>> {
    const byRun = new Map<number, DatasetInput[]>();
    for (const part of chunks(runIds, inListChunk)) {
      const rows = await this.db
        .selectFrom('run_inputs as ri')
        .innerJoin('datasets as d', 'd.id', 'ri.dataset_id')
        .select(['ri.run_id', 'ri.tags', 'd.name', 'd.digest', 'd.source_type', 'd.source', 'd.schema', 'd.profile'])
        .where('ri.run_id', 'in', part)
        .orderBy('ri.run_id')
        .orderBy('d.id')
        .execute();
      for (const row of rows) {
        const dataset: Dataset = { name: row.name, digest: row.digest, sourceType: row.source_type, source: row.source };
        if (row.schema !== null) dataset.schema = row.schema;
        if (row.profile !== null) dataset.profile = row.profile;
        const input: DatasetInput = { tags: JSON.parse(row.tags) as KeyValue[], dataset };
        const runId = Number(row.run_id);
        const list = byRun.get(runId);
        if (list) list.push(input);
        else byRun.set(runId, [input]);
      }
    }
    return byRun;
  }
}

function datasetKey(dataset: { name: string; digest: string }): string {
  return JSON.stringify([dataset.name, dataset.digest]);
}
