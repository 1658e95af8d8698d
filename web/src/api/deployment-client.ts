import { ApiError } from './api-error.js';
import type { Lineage } from './model-card-client.js';
import { seg, v1Get, v1Send } from './http.js';
import type { Deployment, DeploymentRevision, DeploymentSpec } from '../../../src/domain/deployments/deployment.js';
import type { Prediction } from '../../../src/domain/predictions/prediction-store.js';
import type { StatsSnapshot } from '../../../src/domain/serving/serving-stats.js';

/** Deployments, their live statistics and their logged predictions (native API, docs/serving.md). */

export type { Deployment, DeploymentRevision, DeploymentSpec, StickyRouting, TrafficVersion } from '../../../src/domain/deployments/deployment.js';
export type { Prediction } from '../../../src/domain/predictions/prediction-store.js';
export type { LoggedTensor, ShadowOutcome } from '../../../src/domain/predictions/prediction.js';
export type { StatsPoint } from '../../../src/domain/serving/serving-stats.js';

/** Live statistics of the replica that answered (each replica counts its own traffic). */
export type DeploymentStats = StatsSnapshot & {
  /** The versions it serves that are loaded on this replica, least recently used first. */
  loaded: { model: string; version: number; memoryBytes: number; loadMs: number; loadedAt: number; lastUsedAt: number }[];
};

export function listDeployments(project: string | null, signal?: AbortSignal): Promise<Deployment[]> {
  return v1Get<{ deployments: Deployment[] }>('/deployments', { project }, signal).then((body) => body.deployments);
}

export function getDeployment(name: string, signal?: AbortSignal): Promise<Deployment> {
  return v1Get<{ deployment: Deployment }>(`/deployments/${seg(name)}`, {}, signal).then((body) => body.deployment);
}

export function createDeployment(input: { name: string; project: string; spec: DeploymentSpec; comment?: string }): Promise<Deployment> {
  return v1Send<{ deployment: Deployment }>('POST', '/deployments', input).then((body) => body.deployment);
}

export function updateDeployment(name: string, input: { spec: DeploymentSpec; comment?: string; expectedRevision: number }): Promise<Deployment> {
  return v1Send<{ deployment: Deployment }>('PUT', `/deployments/${seg(name)}`, input).then((body) => body.deployment);
}

export function listRevisions(name: string, signal?: AbortSignal): Promise<DeploymentRevision[]> {
  return v1Get<{ revisions: DeploymentRevision[] }>(`/deployments/${seg(name)}/revisions`, {}, signal).then((body) => body.revisions);
}

export function rollbackDeployment(name: string, input: { revision?: number; comment?: string }): Promise<Deployment> {
  return v1Send<{ deployment: Deployment }>('POST', `/deployments/${seg(name)}/rollback`, input).then((body) => body.deployment);
}

/** The last `seconds` of statistics, or null when this server has no statistics route. */
export async function getDeploymentStats(name: string, seconds: number, signal?: AbortSignal): Promise<DeploymentStats | null> {
  try {
    return await v1Get<DeploymentStats>(`/deployments/${seg(name)}/stats`, { seconds }, signal);
  } catch (e) {
    // An unknown route answers 404 too; a deleted deployment shows up in the page's own load instead.
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function listPredictions(name: string, options: { maxResults?: number; pageToken?: string | null } = {}, signal?: AbortSignal) {
  return v1Get<{ predictions: Prediction[]; nextPageToken?: string }>(`/deployments/${seg(name)}/predictions`, { maxResults: options.maxResults ?? 50, pageToken: options.pageToken }, signal);
}

/** A prediction with the lineage of its version; `lineage` is null when the version has since been deleted. */
export function getPrediction(id: string, signal?: AbortSignal): Promise<{ prediction: Prediction; lineage: Lineage | null }> {
  return v1Get<{ prediction: Prediction; lineage: Lineage | null }>(`/predictions/${seg(id)}`, {}, signal);
}
