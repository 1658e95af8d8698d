import { Agent, request } from 'node:http';

export interface HttpResponse {
  status: number;
  body: string;
}

/**
 * A small keep-alive HTTP/1.1 client over node:http. Lighter than global fetch, which matters when one
 * core has to generate load for a server on the other core.
 */
export class HttpClient {
  readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets = 16) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(method: string, path: string, body?: string): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {};
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = request({ host: this.host, port: this.port, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POSTs JSON and parses the answer; throws on any status but 200. */
  async postJson<T>(path: string, payload: unknown): Promise<T> {
    const res = await this.send('POST', path, JSON.stringify(payload));
    if (res.status !== 200) throw new Error(`POST ${path} -> ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }

  async getJson<T>(path: string): Promise<T> {
    const res = await this.send('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export const mlflow = '/api/2.0/mlflow';

/** Creates an experiment and one run in it; returns their ids. */
export async function createExperimentAndRun(client: HttpClient, name: string): Promise<{ experimentId: string; runId: string }> {
  const { experiment_id: experimentId } = await client.postJson<{ experiment_id: string }>(`${mlflow}/experiments/create`, { name });
  const runId = await createRun(client, experimentId);
  return { experimentId, runId };
}

export async function createRun(client: HttpClient, experimentId: string, runName?: string): Promise<string> {
  const body = { experiment_id: experimentId, start_time: Date.now(), ...(runName === undefined ? {} : { run_name: runName }) };
  const created = await client.postJson<{ run: { info: { run_id: string } } }>(`${mlflow}/runs/create`, body);
  return created.run.info.run_id;
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function forEachConcurrent(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      await task(i);
    }
  });
  await Promise.all(lanes);
}
