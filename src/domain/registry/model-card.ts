import { invalidArgument } from '../errors.js';

export const riskTiers = ['low', 'medium', 'high', 'critical'] as const;
export type RiskTier = (typeof riskTiers)[number];

export const modelCardLimits = { textLength: 20_000, updatedByLength: 255 } as const;

/** The fields a person writes; the evaluation summary is filled by Cairn from a version's run. */
export interface ModelCardFields {
  owner: string;
  intendedUse: string;
  limitations: string;
  trainingData: string;
  fairnessNotes: string;
  /** `null` until someone assesses the model. */
  riskTier: RiskTier | null;
  riskRationale: string;
}

export interface EvaluationSummary {
  version: number;
  runId: string;
  /** The latest value of each of the run's metrics when the summary was filled. */
  metrics: { key: string; value: number }[];
  filledTime: number;
}

export interface ModelCard extends ModelCardFields {
  name: string;
  evaluation: EvaluationSummary | null;
  /** `null` for a model whose card was never written. */
  updatedTime: number | null;
  updatedBy: string;
}

export type CardField = 'owner' | 'intendedUse' | 'limitations' | 'trainingData' | 'riskTier' | 'riskRationale' | 'evaluation';

/** The evidence a promotion request quotes: which required fields are filled. */
export interface CardCompleteness {
  complete: boolean;
  required: CardField[];
  missing: CardField[];
}

const textFields = ['owner', 'intendedUse', 'limitations', 'trainingData', 'fairnessNotes', 'riskRationale'] as const;

export function emptyModelCard(name: string): ModelCard {
  return {
    name,
    owner: '',
    intendedUse: '',
    limitations: '',
    trainingData: '',
    fairnessNotes: '',
    riskTier: null,
    riskRationale: '',
    evaluation: null,
    updatedTime: null,
    updatedBy: '',
  };
}

/**
 * Owner, intended use, limitations, training data and a risk tier with its rationale are always
 * required; high and critical models must also carry an evaluation summary, because their promotion
 * is judged on it. Fairness notes are encouraged but never block.
 */
export function cardCompleteness(card: ModelCard): CardCompleteness {
  const required: CardField[] = ['owner', 'intendedUse', 'limitations', 'trainingData', 'riskTier', 'riskRationale'];
  if (card.riskTier === 'high' || card.riskTier === 'critical') required.push('evaluation');
  const missing = required.filter((field) => {
    if (field === 'riskTier') return card.riskTier === null;
    if (field === 'evaluation') return card.evaluation === null;
    return card[field].trim() === '';
  });
  return { complete: missing.length === 0, required, missing };
}

/** Rejects the whole card (naming the first bad field) before anything is written. */
export function validateCardFields(fields: ModelCardFields, updatedBy: string): void {
  for (const field of textFields) {
    const value: unknown = fields[field];
    if (typeof value !== 'string') throw invalidArgument(`${field}: expected a string`);
    if (value.length > modelCardLimits.textLength) {
      throw invalidArgument(`${field}: value of length ${value.length} is longer than the limit of ${modelCardLimits.textLength} characters`);
    }
  }
  if (fields.riskTier !== null && !(riskTiers as readonly string[]).includes(fields.riskTier)) {
    throw invalidArgument(`riskTier: '${String(fields.riskTier).slice(0, 50)}' is not one of ${riskTiers.join(', ')}`);
  }
  if (updatedBy.length > modelCardLimits.updatedByLength) {
    throw invalidArgument(`updatedBy: value of length ${updatedBy.length} is longer than the limit of ${modelCardLimits.updatedByLength} characters`);
  }
}

export interface ModelCardStore {
  /** The stored card, `null` when none was written; NOT_FOUND for an unknown model. */
  getCard(name: string): Promise<ModelCard | null>;
  /** Replaces the written fields, keeping the evaluation summary; NOT_FOUND for an unknown model. */
  putCard(name: string, fields: ModelCardFields, updatedBy: string, now: number): Promise<void>;
  /** Replaces the evaluation summary, creating an otherwise empty card when there is none. */
  setEvaluation(name: string, evaluation: EvaluationSummary, updatedBy: string, now: number): Promise<void>;
}
