import { apiErrorFrom } from './api-error.js';
import { apiFetch } from './http.js';
import type { ExperimentJson, FileInfoJson, Int64, JsonDouble, MetricJson, RunJson } from './mlflow-types.js';
import type { ArtifactEntry, Experiment, MetricPoint, Page, Run } from './tracking-model.js';

// The ajax-api mount is the one MLflow's own UI uses; it carries the same routes as /api.
const base = '/ajax-api/2.0/mlflow';
const artifactsBase = '/api/2.0/mlflow-artifacts/artifacts';

type Query = Record<string, string | number | readonly (string | number)[] | undefined>;

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  return params.toString();
}

async function getJson<T>(path: string, query: Query, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(`${base}/${path}?${queryString(query)}`, { signal: signal ?? null });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as T;
}

async function postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(`${base}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal ?? null,
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as T;
}

function int(value: Int64 | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function double(value: JsonDouble): number {
  // Number() understands the proto3-JSON spellings "NaN", "Infinity" and "-Infinity".
  return Number(value);
}

function toMetric(json: MetricJson): MetricPoint {
  return { key: json.key, value: double(json.value), timestamp: int(json.timestamp) ?? 0, step: int(json.step) ?? 0 };
}

function toExperiment(json: ExperimentJson): Experiment {
  return {
    id: json.experiment_id,
    name: json.name,
    artifactLocation: json.artifact_location ?? '',
    lifecycleStage: json.lifecycle_stage ?? 'active',
    creationTime: int(json.creation_time),
    lastUpdateTime: int(json.last_update_time),
    tags: new Map((json.tags ?? []).map((t) => [t.key, t.value])),
  };
}

export function toRun(json: RunJson): Run {
  const info = json.info;
  const tags = new Map((json.data?.tags ?? []).map((t) => [t.key, t.value]));
  const end = int(info.end_time);
  return {
    id: info.run_id ?? info.run_uuid,
    name: info.run_name ?? tags.get('mlflow.runName') ?? info.run_id,
    experimentId: info.experiment_id,
    userId: info.user_id ?? tags.get('mlflow.user') ?? '',
    status: info.status ?? 'RUNNING',
    startTime: int(info.start_time),
    // The Python client treats end_time 0 as "not ended".
    endTime: end === 0 ? null : end,
    artifactUri: info.artifact_uri ?? '',
    lifecycleStage: info.lifecycle_stage ?? 'active',
    metrics: new Map((json.data?.metrics ?? []).map((m) => [m.key, toMetric(m)])),
    params: new Map((json.data?.params ?? []).map((p) => [p.key, p.value])),
    tags,
    datasets: (json.inputs?.dataset_inputs ?? []).map((input) => ({
      name: input.dataset.name,
      digest: input.dataset.digest,
      sourceType: input.dataset.source_type,
      source: input.dataset.source,
      context: input.tags?.find((t) => t.key === 'mlflow.data.context')?.value ?? '',
    })),
  };
}

export async function searchExperiments(
  options: { filter?: string; maxResults?: number; pageToken?: string | null; orderBy?: string[] },
  signal?: AbortSignal,
): Promise<Page<Experiment>> {
  const body = await postJson<{ experiments?: ExperimentJson[]; next_page_token?: string }>(
    'experiments/search',
    {
      max_results: options.maxResults ?? 200,
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
      order_by: options.orderBy ?? ['creation_time DESC'],
    },
    signal,
  );
  return { items: (body.experiments ?? []).map(toExperiment), nextPageToken: body.next_page_token || null };
}

export async function getExperiment(id: string, signal?: AbortSignal): Promise<Experiment> {
  const body = await getJson<{ experiment: ExperimentJson }>('experiments/get', { experiment_id: id }, signal);
  return toExperiment(body.experiment);
}

export async function createExperiment(name: string): Promise<string> {
  const body = await postJson<{ experiment_id: string }>('experiments/create', { name });
  return body.experiment_id;
}

export interface RunSearchOptions {
  experimentIds: string[];
  filter: string;
  orderBy: string[];
  maxResults: number;
  pageToken?: string | null;
}

export async function searchRuns(options: RunSearchOptions, signal?: AbortSignal): Promise<Page<Run>> {
  const body = await postJson<{ runs?: RunJson[]; next_page_token?: string }>(
    'runs/search',
    {
      experiment_ids: options.experimentIds,
      filter: options.filter,
      order_by: options.orderBy,
      max_results: options.maxResults,
      run_view_type: 'ACTIVE_ONLY',
      ...(options.pageToken ? { page_token: options.pageToken } : {}),
    },
    signal,
  );
  return { items: (body.runs ?? []).map(toRun), nextPageToken: body.next_page_token || null };
}

export async function getRun(runId: string, signal?: AbortSignal): Promise<Run> {
  const body = await getJson<{ run: RunJson }>('runs/get', { run_id: runId }, signal);
  return toRun(body.run);
}

/** Every point of one metric of one run, following page tokens. */
export async function getMetricHistory(runId: string, key: string, signal?: AbortSignal): Promise<MetricPoint[]> {
  const points: MetricPoint[] = [];
  let pageToken: string | undefined;
  do {
    const body = await getJson<{ metrics?: MetricJson[]; next_page_token?: string }>(
      'metrics/get-history',
      { run_id: runId, metric_key: key, max_results: 25000, page_token: pageToken },
      signal,
    );
    for (const m of body.metrics ?? []) points.push(toMetric(m));
    pageToken = body.next_page_token || undefined;
  } while (pageToken);
  return points;
}

/** Up to `maxResults` sampled points per run for one metric of several runs (≤ 100 runs). */
export async function getMetricHistoryBulk(
  runIds: string[],
  key: string,
  maxResults: number,
  signal?: AbortSignal,
): Promise<Map<string, MetricPoint[]>> {
  const body = await getJson<{ metrics?: MetricJson[] }>(
    'metrics/get-history-bulk-interval',
    { run_ids: runIds, metric_key: key, max_results: maxResults },
    signal,
  );
  const byRun = new Map<string, MetricPoint[]>(runIds.map((id) => [id, []]));
  for (const m of body.metrics ?? []) byRun.get(m.run_id ?? '')?.push(toMetric(m));
  return byRun;
}

/** `<exp>/<run>/artifacts`: the run's artifact root as the artifact routes address it. */
export function artifactRoot(run: Run): string {
  const match = /^mlflow-artifacts:\/*(.+?)\/*$/.exec(run.artifactUri);
  return match?.[1] ?? `${run.experimentId}/${run.id}/artifacts`;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export async function listArtifacts(run: Run, dir: string, signal?: AbortSignal): Promise<ArtifactEntry[]> {
  const full = dir ? `${artifactRoot(run)}/${dir}` : artifactRoot(run);
  const response = await apiFetch(`${artifactsBase}?${queryString({ path: full })}`, { signal: signal ?? null });
  if (!response.ok) throw await apiErrorFrom(response);
  const body = (await response.json()) as { files?: FileInfoJson[] };
  const entries = (body.files ?? []).map((file) => {
    // The proxied listing answers basenames; tolerate servers that send run-relative paths.
    const name = file.path.split('/').pop() ?? file.path;
    return { name, path: dir ? `${dir}/${name}` : name, isDir: file.is_dir === true, size: int(file.file_size) };
  });
  return entries.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
}

export function artifactUrl(run: Run, path: string): string {
  return `${artifactsBase}/${encodePath(`${artifactRoot(run)}/${path}`)}`;
}
