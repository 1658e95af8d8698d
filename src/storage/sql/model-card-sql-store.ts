import type { Kysely, Selectable } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { EvaluationSummary, ModelCard, ModelCardFields, ModelCardStore, RiskTier } from '../../domain/registry/model-card.js';
import type { ModelCardsTable, Schema } from './schema.js';

type StoredValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** ModelCardStore on SQLite and Postgres; cards are keyed by the model's internal id. */
export class ModelCardSqlStore implements ModelCardStore {
  constructor(private readonly db: Kysely<Schema>) {}

  async getCard(name: string): Promise<ModelCard | null> {
    const modelId = await this.modelId(name);
    const row = await this.db.selectFrom('model_cards').selectAll().where('model_id', '=', modelId).executeTakeFirst();
    return row ? toCard(name, row) : null;
  }

  async putCard(name: string, fields: ModelCardFields, updatedBy: string, now: number): Promise<void> {
    const modelId = await this.modelId(name);
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
    await this.db
      .insertInto('model_cards')
      .values({ model_id: modelId, ...values, evaluation: null })
      .onConflict((oc) => oc.column('model_id').doUpdateSet(values))
      .execute();
  }

  async setEvaluation(name: string, evaluation: EvaluationSummary, updatedBy: string, now: number): Promise<void> {
    const modelId = await this.modelId(name);
    const values = { evaluation: encodeEvaluation(evaluation), updated_time: now, updated_by: updatedBy };
    await this.db
      .insertInto('model_cards')
      .values({
        model_id: modelId,
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
  }

  private async modelId(name: string): Promise<number> {
    const row = await this.db.selectFrom('registered_models').select('id').where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`Registered Model with name=${name} not found`);
    return Number(row.id);
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
