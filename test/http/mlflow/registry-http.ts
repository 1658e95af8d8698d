import type { MlflowHttp, MlflowResponse } from './mlflow-http.js';

/** PATCH and DELETE with JSON bodies, as MLflow's client sends them to the registry routes. */
export function sendJson(api: MlflowHttp, method: 'PATCH' | 'DELETE', path: string, body: unknown): Promise<MlflowResponse> {
  return api.raw(method, path, JSON.stringify(body), { 'content-type': 'application/json' });
}

/** A run in the Default experiment; answers its id and artifact URI. */
export async function createRun(api: MlflowHttp): Promise<{ runId: string; artifactUri: string }> {
  const created = await api.post('runs/create', { experiment_id: '0', start_time: 1 });
  if (created.status !== 200) throw new Error(`runs/create failed: ${JSON.stringify(created.body)}`);
  return { runId: created.body.run.info.run_id as string, artifactUri: created.body.run.info.artifact_uri as string };
}
