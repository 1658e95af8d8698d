import type { Kysely, Selectable } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { EvaluationSummary, ModelCard, ModelCardFields, ModelCardStore, RiskTier } from '../../domain/registry/model-card.js';
import type { AuditChange } from '../../domain/audit/audit-event.js';
import type { AuditTrail } from './audit-trail.js';
import type { ModelCardsTable, Schema } from './schema.js';

type StoredValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** ModelCardStore on SQLite and Postgres; cards are keyed by the model's internal id. */
export class ModelCardSqlStore implements ModelCardStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async getCard(name: string): Promise<ModelCard | null> {
    const modelId = await this.modelId(name);
    const row = await this.db.selectFrom('model_cards').selectAll().where('model_id', '=', modelId).executeTakeFirst();
    return row ? toCard(name, row) : null;
  }

  async putCard(name: string, fields: ModelCardFields, updatedBy: string, now: number): Promise<void> {
    const values = {
      owner: fields.owner,
      intended_use: fields.intendedUse,
      limitations: fields.limitations,
      training_data: fields.trainingData,
      fairness_notes: fields.fairnessNotes,
      risk_tier: fields.riskTier,
      risk_rationale: fields.riskRationale,
      updated_time: now,
      updated_by: updatedBy,
    };
    await this.db.transaction().execute(async (trx) => {
      const model = await this.model(trx, name);
      await trx
        .insertInto('model_cards')
        .values({ model_id: model.id, ...values, evaluation: null })
        .onConflict((oc) => oc.column('model_id').doUpdateSet(values))
        .execute();
      await this.record(trx, name, model.projectId, {
        details: { fields: Object.keys(fields).sort(), riskTier: fields.riskTier, updatedBy },
        payload: fields,
      });
    });
  }

  async setEvaluation(name: string, evaluation: EvaluationSummary, updatedBy: string, now: number): Promise<void> {
    const values = { evaluation: encodeEvaluation(evaluation), updated_time: now, updated_by: updatedBy };
    await this.db.transaction().execute(async (trx) => {
      const model = await this.model(trx, name);
      await trx
        .insertInto('model_cards')
        .values({
          model_id: model.id,
          owner: '',
          intended_use: '',
          limitations: '',
          training_data: '',
          fairness_notes: '',
          risk_tier: null,
          risk_rationale: '',
          ...values,
        })
        .onConflict((oc) => oc.column('model_id').doUpdateSet(values))
        .execute();
      await this.record(trx, name, model.projectId, {
        details: { evaluation: { version: evaluation.version, runId: evaluation.runId, metrics: evaluation.metrics.length }, updatedBy },
        payload: { evaluation: values.evaluation },
      });
    });
  }

  private async modelId(name: string): Promise<number> {
    return (await this.model(this.db, name)).id;
  }

  private async model(db: Kysely<Schema>, name: string): Promise<{ id: number; projectId: number }> {
    const row = await db.selectFrom('registered_models').select(['id', 'project_id']).where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`Registered Model with name=${name} not found`);
    return { id: Number(row.id), projectId: Number(row.project_id) };
  }

  /** The `model_card.update` event, as the last statement of `trx`. */
  private async record(trx: Kysely<Schema>, name: string, projectId: number, change: Pick<AuditChange, 'details' | 'payload'>): Promise<void> {
    await this.audit.record(trx, { action: 'model_card.update', resourceType: 'model_card', resourceId: name, projectId, ...change });
  }
}

function toCard(name: string, row: Selectable<ModelCardsTable>): ModelCard {
  return {
    name,
    owner: row.owner,
    intendedUse: row.intended_use,
    limitations: row.limitations,
    trainingData: row.training_data,
    fairnessNotes: row.fairness_notes,
    riskTier: row.risk_tier as RiskTier | null,
    riskRationale: row.risk_rationale,
    evaluation: row.evaluation === null ? null : decodeEvaluation(row.evaluation),
    updatedTime: Number(row.updated_time),
    updatedBy: row.updated_by,
  };
}

// JSON has no NaN or infinities; they are stored as their names.
function encodeEvaluation(evaluation: EvaluationSummary): string {
  const metrics = evaluation.metrics.map((m) => ({ key: m.key, value: toStored(m.value) }));
  return JSON.stringify({ ...evaluation, metrics });
}

function decodeEvaluation(json: string): EvaluationSummary {
  const stored = JSON.parse(json) as Omit<EvaluationSummary, 'metrics'> & { metrics: { key: string; value: StoredValue }[] };
  return { ...stored, metrics: stored.metrics.map((m) => ({ key: m.key, value: Number(m.value) })) };
}

function toStored(value: number): StoredValue {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
