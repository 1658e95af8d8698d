/**
 * Setting up what the serving benches call, through the server's native API as a user would
 * (docs/serving.md): a run per model file with the file uploaded as its artifact, a registered model
 * with a version made from it, and deployments of that version.
 */

export interface DeploymentSettings {
  /** Share of predictions logged (spec.logging.sampleRate). */
  sampleRate?: number;
  /** spec.batching; absent means off (1, 0). */
  batching?: { maxBatchSize: number; maxWaitMs: number };
}

async function call<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Creates the experiment that holds the runs whose artifacts become model versions; returns its id. */
export async function createModelExperiment(url: string, name: string): Promise<string> {
  const created = await call<{ experiment: { experimentId: string } }>(url, 'POST', '/experiments', { name });
  return created.experiment.experimentId;
}

/**
 * Registers `model` (created when `createModel`) with one more version made from `bytes`: a run in
 * `experimentId`, `model.onnx` uploaded as its artifact, then a version from `runs:/<run>/model.onnx`.
 * Returns the version number.
 */
export async function registerOnnxVersion(url: string, experimentId: string, model: string, bytes: Uint8Array, createModel = true): Promise<number> {
  if (createModel) await call(url, 'POST', '/models', { name: model });
  const run = await call<{ run: { info: { runId: string } } }>(url, 'POST', '/runs', { experimentId });
  const runId = run.run.info.runId;
  const put = await fetch(`${url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`uploading model.onnx -> ${put.status}: ${(await put.text()).slice(0, 300)}`);
  const created = await call<{ version: { version: number; status: string } }>(url, 'POST', `/models/${encodeURIComponent(model)}/versions`, { source: `runs:/${runId}/model.onnx` });
  if (created.version.status !== 'READY') throw new Error(`version ${created.version.version} of ${model} is ${created.version.status}`);
  return created.version.version;
}

/** Deploys one version of `model` under `name`, taking all traffic, with the given logging and batching. */
export async function deploy(url: string, name: string, model: string, version: number, settings: DeploymentSettings = {}): Promise<void> {
  const spec = {
    versions: [{ model, version }],
    logging: { sampleRate: settings.sampleRate ?? 1, retentionDays: 30 },
    batching: settings.batching ?? { maxBatchSize: 1, maxWaitMs: 0 },
  };
  await call(url, 'POST', '/deployments', { name, spec, comment: 'serving bench' });
}

/** One OIP call per deployment in turn, checking each answers 200 (loads the models); returns each call's ms. */
export async function callEach(url: string, deployments: readonly string[], body: string): Promise<number[]> {
  const durations: number[] = [];
  for (const name of deployments) {
    const started = performance.now();
    const response = await fetch(`${url}/v2/models/${encodeURIComponent(name)}/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    durations.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`infer on ${name} -> ${response.status}: ${text.slice(0, 300)}`);
  }
  return durations;
}

/**
 * The server's event-loop delay since the last call, from its Prometheus endpoint (prom-client's
 * default metrics reset the histogram on every scrape): how long the loop was kept from turning.
 */
export async function eventLoopDelay(url: string): Promise<{ p99Ms: number; maxMs: number } | undefined> {
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  if (!response.ok) return undefined;
  const value = (name: string): number => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? Number.NaN) * 1000;
  return { p99Ms: value('nodejs_eventloop_lag_p99_seconds'), maxMs: value('nodejs_eventloop_lag_max_seconds') };
}

export interface LoadedModels {
  loaded: number;
  /** The model cache's estimate, bytes (what CAIRN_MODEL_MEMORY_MB budgets). */
  memoryBytes: number;
  evictions: number;
}

/** The model cache's gauges from `/metrics`; undefined when this build does not export them. */
export async function loadedModels(url: string): Promise<LoadedModels | undefined> {
  const response = await fetch(`${url}/metrics`);
  const text = await response.text();
  if (!response.ok) return undefined;
  const value = (name: string): number | undefined => {
    const found = new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1];
    return found === undefined ? undefined : Number(found);
  };
  const loaded = value('cairn_models_loaded');
  if (loaded === undefined) return undefined;
  return { loaded, memoryBytes: value('cairn_models_memory_bytes') ?? Number.NaN, evictions: value('cairn_model_evictions_total') ?? 0 };
}
