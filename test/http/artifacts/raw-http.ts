import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * One HTTP request with the path sent byte for byte as given: no URL parsing, so `..`, `%2e%2e` and
 * `%2f` reach the server unnormalised (fetch would resolve them first).
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string | number>; body?: Buffer | AsyncIterable<Uint8Array> } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(Readable.from(body), req).catch(reject);
  });
}

export function json(response: RawResponse): Record<string, unknown> {
  return JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
}

/** Creates a run in the Default experiment through the MLflow API; answers its artifact root as the artifact routes address it. */
export async function createRunArtifactRoot(baseUrl: string): Promise<{ runId: string; artifactUri: string; root: string }> {
  const response = await rawRequest(baseUrl, 'POST', '/api/2.0/mlflow/runs/create', {
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ experiment_id: '0', start_time: Date.now() })),
  });
  if (response.status !== 200) throw new Error(`runs/create -> ${response.status} ${response.body.toString()}`);
  const info = (json(response) as { run: { info: { run_id: string; artifact_uri: string } } }).run.info;
  return { runId: info.run_id, artifactUri: info.artifact_uri, root: info.artifact_uri.replace(/^mlflow-artifacts:\/+/, '') };
}
