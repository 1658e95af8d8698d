import { apiErrorFrom } from './api-error.js';
import { apiFetch } from './http.js';
import type { Int64, KeyValue } from './mlflow-types.js';
import type { Page } from './tracking-model.js';

/** The model registry as the MLflow-compatible API serves it, normalised for the UI. */

const base = '/ajax-api/2.0/mlflow';

interface ModelVersionJson {
  name: string;
  version: string;
  creation_timestamp?: Int64;
  last_updated_timestamp?: Int64;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: KeyValue[];
  aliases?: string[];
}

interface RegisteredModelJson {
  name: string;
  creation_timestamp?: Int64;
  last_updated_timestamp?: Int64;
  user_id?: string;
  description?: string;
  latest_versions?: ModelVersionJson[];
  tags?: KeyValue[];
  aliases?: { alias: string; version: string }[];
}

export interface ModelVersion {
  name: string;
  version: number;
  creationTime: number | null;
  lastUpdateTime: number | null;
  stage: string;
  description: string;
  source: string;
  runId: string;
  status: string;
  tags: Map<string, string>;
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creationTime: number | null;
  lastUpdateTime: number | null;
  description: string;
  /** The highest version number among the latest version of each stage, or null with no versions. */
  latestVersion: number | null;
  tags: Map<string, string>;
  /** Alias name to version number, sorted by alias. */
  aliases: { alias: string; version: number }[];
}

function int(value: Int64 | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

async function getJson<T>(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const response = await apiFetch(`${base}/${path}?${params.toString()}`, { signal: signal ?? null });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as T;
}

function toVersion(json: ModelVersionJson): ModelVersion {
  return {
    name: json.name,
    version: Number(json.version),
    creationTime: int(json.creation_timestamp),
    lastUpdateTime: int(json.last_updated_timestamp),
    stage: json.current_stage ?? 'None',
    description: json.description ?? '',
    source: json.source ?? '',
    runId: json.run_id ?? '',
    status: json.status ?? 'READY',
    tags: new Map((json.tags ?? []).map((t) => [t.key, t.value])),
    aliases: [...(json.aliases ?? [])].sort(),
  };
}

function toModel(json: RegisteredModelJson): RegisteredModel {
  const versions = (json.latest_versions ?? []).map((v) => Number(v.version)).filter(Number.isFinite);
  return {
    name: json.name,
    creationTime: int(json.creation_timestamp),
    lastUpdateTime: int(json.last_updated_timestamp),
    description: json.description ?? '',
    latestVersion: versions.length > 0 ? Math.max(...versions) : null,
    tags: new Map((json.tags ?? []).map((t) => [t.key, t.value])),
    aliases: (json.aliases ?? []).map((a) => ({ alias: a.alias, version: Number(a.version) })).sort((a, b) => a.alias.localeCompare(b.alias)),
  };
}

/** A string literal for the search grammar, which has no escapes: pick the quote the value lacks. */
export function quoted(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

export async function searchRegisteredModels(
  options: { filter?: string; maxResults?: number; pageToken?: string | null },
  signal?: AbortSignal,
): Promise<Page<RegisteredModel>> {
  const body = await getJson<{ registered_models?: RegisteredModelJson[]; next_page_token?: string }>(
    'registered-models/search',
    { filter: options.filter || undefined, max_results: options.maxResults ?? 50, page_token: options.pageToken ?? undefined },
    signal,
  );
  return { items: (body.registered_models ?? []).map(toModel), nextPageToken: body.next_page_token || null };
}

export async function getRegisteredModel(name: string, signal?: AbortSignal): Promise<RegisteredModel> {
  const body = await getJson<{ registered_model: RegisteredModelJson }>('registered-models/get', { name }, signal);
  return toModel(body.registered_model);
}

/** Every live version of one model, newest first, following page tokens. */
export async function listModelVersions(name: string, signal?: AbortSignal): Promise<ModelVersion[]> {
  const versions: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const body = await getJson<{ model_versions?: ModelVersionJson[]; next_page_token?: string }>(
      'model-versions/search',
      { filter: `name = ${quoted(name)}`, max_results: 1000, page_token: pageToken },
      signal,
    );
    for (const v of body.model_versions ?? []) versions.push(toVersion(v));
    pageToken = body.next_page_token || undefined;
  } while (pageToken);
  return versions.sort((a, b) => b.version - a.version);
}
