import { ApiError } from './api-error.js';
import type { Lineage } from './model-card-client.js';
import { seg, v1Get, v1Send } from './http.js';

/** Deployments, their live statistics and their logged predictions (native API, docs/serving.md). */

export interface TrafficVersion {
  model: string;
  version: number;
  weight: number;
}

export interface VersionRef {
  model: string;
  version: number;
}

export interface StickyRouting {
  source: 'header' | 'input';
  name: string;
}

/** A spec as the server keeps it: defaults filled in, exactly one of `versions` and `alias`. */
export interface DeploymentSpec {
  versions?: TrafficVersion[];
  alias?: { model: string; alias: string };
  shadows: VersionRef[];
  sticky: StickyRouting | null;
  batching: { maxBatchSize: number; maxWaitMs: number };
  logging: { sampleRate: number; retentionDays: number };
}

export interface DeploymentRevision {
  revision: number;
  time: number;
  actor: string;
  comment: string;
  spec: DeploymentSpec;
}

export interface Deployment {
  name: string;
  project: string;
  createdTime: number;
  lastUpdateTime: number;
  current: DeploymentRevision;
}

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

export interface StatsPoint {
  /** Epoch milliseconds of the second. */
  time: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
}

/** Live statistics of the replica that answered (each replica counts its own traffic). */
export interface DeploymentStats {
  deployment: string;
  seconds: number;
  points: StatsPoint[];
  /** The versions it serves that are loaded on this replica, least recently used first. */
  loaded: { model: string; version: number; memoryBytes: number; loadMs: number; loadedAt: number; lastUsedAt: number }[];
  predictionLog: { queued: number; dropped: number };
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

export interface LoggedTensor {
  name: string;
  datatype: string;
  shape: number[];
  /** Flat, row-major; INT64 beyond 2^53 as decimal strings, NaN as null. */
  data: (number | string | boolean | null)[];
}

export interface ShadowOutcome {
  model: string;
  version: number;
  latencyMs: number;
  outputs: LoggedTensor[] | null;
  error: string | null;
}

export interface Prediction {
  id: string;
  time: number;
  deployment: string;
  project: string;
  revision: number;
  model: string;
  version: number;
  inputs: LoggedTensor[];
  outputs: LoggedTensor[];
  latencyMs: number;
  shadows: ShadowOutcome[];
}

export function listPredictions(name: string, options: { maxResults?: number; pageToken?: string | null } = {}, signal?: AbortSignal) {
  return v1Get<{ predictions: Prediction[]; nextPageToken?: string }>(`/deployments/${seg(name)}/predictions`, { maxResults: options.maxResults ?? 50, pageToken: options.pageToken }, signal);
}

/** A prediction with the lineage of its version; `lineage` is null when the version has since been deleted. */
export function getPrediction(id: string, signal?: AbortSignal): Promise<{ prediction: Prediction; lineage: Lineage | null }> {
  return v1Get<{ prediction: Prediction; lineage: Lineage | null }>(`/predictions/${seg(id)}`, {}, signal);
}
