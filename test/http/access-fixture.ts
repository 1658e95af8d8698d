import { projectRoles, type ProjectRole } from '../../src/domain/access/roles.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Somebody with a role in project `alpha`, an outsider with none there (a viewer of `default`), or
 * `scoped`: a token scoped to the deployment `alpha-serve`, made for an admin of `alpha`.
 */
export type Who = ProjectRole | 'outsider' | 'scoped';
export const everyone: readonly Who[] = [...projectRoles, 'outsider', 'scoped'];

/** The user who plays `who` (`admin` is taken by the installation admin). */
export const userOf = (who: Who | 'spare'): string => `user-${who}`;

export interface Answer {
  status: number;
  body: unknown;
}

/** One HTTP caller with a Bearer token. */
export class As {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown, raw?: string): Promise<Answer> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    let payload: string | undefined;
    if (raw !== undefined) {
      headers['content-type'] = 'application/octet-stream';
      payload = raw;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // A downloaded file, not JSON.
    }
    return { status: response.status, body: parsed };
  }

  async ok<T>(method: string, path: string, body?: unknown, raw?: string): Promise<T> {
    const answer = await this.call(method, path, body, raw);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  }
}

export interface AlphaProject {
  server: TestServer;
  admin: As;
  as: Record<Who, As>;
  experimentId: string;
  runId: string;
  model: string;
  /** Version 2 of `model`, made from an uploaded `model.txt`; its files live in `folder` (`registry/<id>`). */
  uploaded: { version: number; folder: string };
  /** A model with a complete card (risk tier low: one approval, no separation of duties) and version 1, for promotions. */
  promoModel: string;
  /** A promotion of `promoModel` opened by the installation admin. */
  promotionId: string;
}

/** A complete card of risk tier low. */
export const completeCard = {
  owner: 'risk-team',
  intendedUse: 'matrix tests',
  limitations: 'none known',
  trainingData: 'seed run',
  riskTier: 'low',
  riskRationale: 'test data only',
} as const;

/**
 * A server with authentication on, project `alpha` holding an experiment with one run (a metric,
 * an artifact) and a registered model with one version; one user per role in `alpha` and an
 * outsider, each with an API token. Everything is set up through the public HTTP API.
 */
export async function startAlphaProject(backend: 'sqlite' | 'postgres'): Promise<AlphaProject> {
  const server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password' });
  const anonymous = new As(server.url, '');
  const login = await anonymous.ok<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: 'admin-password' });
  const admin = new As(server.url, login.token);
  await admin.ok('POST', '/api/v1/projects', { name: 'alpha' });
  const as = {} as Record<Who, As>;
  for (const who of [...everyone, 'spare'] as const) {
    const user = userOf(who);
    await admin.ok('POST', '/api/v1/users', { name: user });
    if (who === 'outsider') await admin.ok('PUT', `/api/v1/projects/default/members/${user}`, { role: 'viewer' });
    // The scope, not this role, must be what refuses the scoped token.
    else if (who === 'scoped') await admin.ok('PUT', `/api/v1/projects/alpha/members/${user}`, { role: 'admin' });
    else if (who !== 'spare') await admin.ok('PUT', `/api/v1/projects/alpha/members/${user}`, { role: who });
    if (who === 'scoped' || who === 'spare') continue;
    const created = await admin.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'matrix', user });
    as[who] = new As(server.url, created.token);
  }

  const { experiment } = await admin.ok<{ experiment: { experimentId: string } }>('POST', '/api/v1/experiments', { name: 'alpha-exp', project: 'alpha' });
  const { run } = await admin.ok<{ run: { info: { runId: string } } }>('POST', '/api/v1/runs', { experimentId: experiment.experimentId });
  const runId = run.info.runId;
  await admin.ok('POST', `/api/v1/runs/${runId}/batch`, { metrics: [{ key: 'loss', value: 0.5, timestamp: 1, step: 0 }] });
  await admin.ok('PUT', `/api/v1/runs/${runId}/artifacts/content?path=seed.txt`, undefined, 'seed');
  await admin.ok('POST', '/api/v1/models', { name: 'alpha-model', project: 'alpha' });
  await admin.ok('POST', '/api/v1/models/alpha-model/versions', { source: `runs:/${runId}/model` });
  const uploaded = await uploadVersion(admin, 'alpha-model');
  await admin.ok('POST', '/api/v1/models', { name: 'alpha-promo', project: 'alpha' });
  await admin.ok('POST', '/api/v1/models/alpha-promo/versions', { source: `runs:/${runId}/model` });
  await admin.ok('PUT', '/api/v1/models/alpha-promo/card', completeCard);
  const { promotion } = await admin.ok<{ promotion: { id: string } }>('POST', '/api/v1/promotions', { model: 'alpha-promo', version: 1, alias: 'seen' });
  await admin.ok('POST', '/api/v1/deployments', { name: 'alpha-serve', project: 'alpha', spec: { versions: [{ model: 'alpha-model', version: 1 }] } });
  const scoped = await admin.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'matrix', user: userOf('scoped'), deployment: 'alpha-serve' });
  as.scoped = new As(server.url, scoped.token);
  return { server, admin, as, experimentId: experiment.experimentId, runId, model: 'alpha-model', uploaded, promoModel: 'alpha-promo', promotionId: promotion.id };
}

/** A version of `model` created for upload, holding `model.txt`, finalized; where its files live. */
export async function uploadVersion(as: As, model: string): Promise<{ version: number; folder: string }> {
  const { version } = await as.ok<{ version: { version: number; source: string } }>('POST', `/api/v1/models/${model}/versions`, { upload: true });
  await as.ok('PUT', `/api/v1/models/${model}/versions/${version.version}/files/content?path=model.txt`, undefined, 'weights');
  await as.ok('POST', `/api/v1/models/${model}/versions/${version.version}/finalize`, {});
  return { version: version.version, folder: version.source.replace(/^mlflow-artifacts:\//, '') };
}

/** The proxied artifact API (MLflow's `mlflow-artifacts`), for a path of the store. */
export const proxied = (path: string): string => `/api/2.0/mlflow-artifacts/artifacts/${path}`;

/**
 * Everything a refused call could have changed in project alpha, read as the installation admin;
 * `watch` adds paths that only one action could change (e.g. the folder of a pending upload).
 */
export async function snapshotOfAlpha(p: AlphaProject, watch: readonly string[] = []): Promise<unknown> {
  const get = (path: string) => p.admin.ok<unknown>('GET', path);
  return {
    watched: await Promise.all(watch.map(get)),
    project: await get('/api/v1/projects/alpha'),
    policies: await get('/api/v1/projects/alpha/policies'),
    promotions: await get('/api/v1/promotions?project=alpha&maxResults=1000'),
    promoModel: await get(`/api/v1/models/${p.promoModel}`),
    uploadedFiles: await get(`/api/2.0/mlflow-artifacts/artifacts?path=${p.uploaded.folder}`),
    experiments: await get('/api/v1/experiments?maxResults=1000&viewType=ALL'),
    run: await get(`/api/v1/runs/${p.runId}`),
    artifacts: await get(`/api/v1/runs/${p.runId}/artifacts`),
    models: await get('/api/v1/models?maxResults=1000'),
    versions: await get(`/api/v1/models/${p.model}`),
    card: await get(`/api/v1/models/${p.model}/card`),
    members: await get('/api/v1/projects/alpha/members'),
  };
}
