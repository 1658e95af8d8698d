import { seg, v1Get, v1Send } from './http.js';

/** Model cards and version lineage (native API). Metric values may arrive as 'NaN' / 'Infinity' strings. */

export type WireNumber = number | string;

export interface ModelCard {
  name: string;
  owner: string;
  intendedUse: string;
  limitations: string;
  trainingData: string;
  fairnessNotes: string;
  riskTier: string | null;
  riskRationale: string;
  evaluation: { version: number; runId: string; metrics: { key: string; value: WireNumber }[]; filledTime: number } | null;
  updatedTime: number | null;
  updatedBy: string;
}

export interface CardCompleteness {
  complete: boolean;
  required: string[];
  missing: string[];
}

export interface ModelCardView {
  card: ModelCard;
  completeness: CardCompleteness;
}

export type CardFields = Pick<ModelCard, 'owner' | 'intendedUse' | 'limitations' | 'trainingData' | 'fairnessNotes' | 'riskTier' | 'riskRationale'>;

export function getModelCard(model: string, signal?: AbortSignal): Promise<ModelCardView> {
  return v1Get<ModelCardView>(`/models/${seg(model)}/card`, {}, signal);
}

export function putModelCard(model: string, fields: CardFields): Promise<ModelCardView> {
  return v1Send<ModelCardView>('PUT', `/models/${seg(model)}/card`, fields);
}

export function fillCardEvaluation(model: string, version: number): Promise<ModelCardView> {
  return v1Send<ModelCardView>('POST', `/models/${seg(model)}/card/evaluation`, { version });
}

export interface Lineage {
  version: { name: string; version: number; source: string; runId: string; creationTime: number; userId: string };
  run?: {
    runId: string;
    runName: string;
    experimentId: string;
    experimentName: string;
    status: string;
    startTime: number;
    endTime: number | null;
    userId: string;
    lifecycleStage: string;
    codeVersion: { sourceName: string | null; sourceType: string | null; gitCommit: string | null; gitBranch: string | null; gitDirty: boolean | null };
    datasets: { name: string; digest: string; sourceType: string; source: string; context: string | null }[];
    params: { key: string; value: string }[];
    metrics: { key: string; value: WireNumber; timestamp: number; step: number }[];
  };
}

export function getLineage(model: string, version: number, signal?: AbortSignal): Promise<Lineage> {
  return v1Get<Lineage>(`/models/${seg(model)}/versions/${seg(version)}/lineage`, {}, signal);
}

/** The project a model belongs to (the MLflow-shaped answers do not carry it). */
export async function getModelProject(model: string, signal?: AbortSignal): Promise<string> {
  const body = await v1Get<{ model: { project?: string } }>(`/models/${seg(model)}`, {}, signal);
  return body.model.project ?? 'default';
}
