import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { linearClassifierModel } from '../support/onnx/onnx-models.js';
import { onnxBytes } from '../support/onnx/onnx-writer.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { As, type Answer } from './access-fixture.js';

const mlflow = '/api/2.0/mlflow';
const rows = [
  [1, 2, 3, 4],
  [-1.5, 0.25, 2, -3],
];
const oipBody = { inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 4], data: rows.flat() }] };
const records = { records: rows.map(([a, b, c, d]) => ({ a, b, c, d })) };
const split = { dataframe_split: { columns: ['a', 'b', 'c', 'd'], data: rows } };

interface Setup {
  server: TestServer;
  admin: As;
  deployer: As;
  viewer: As;
  experimentId: string;
  runId: string;
}

/** Project alpha with an ONNX classifier `clf` (version 1, READY), served by deployments `dep-a` and `dep-b`; a deployer and a viewer. */
async function setUp(backend: 'sqlite' | 'postgres'): Promise<Setup> {
  const server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password' });
  const login = await new As(server.url, '').ok<{ token: string }>('POST', '/api/v1/auth/login', { username: 'admin', password: 'admin-password' });
  const admin = new As(server.url, login.token);
  await admin.ok('POST', '/api/v1/projects', { name: 'alpha' });
  const member = async (name: string, role: string) => {
    await admin.ok('POST', '/api/v1/users', { name });
    await admin.ok('PUT', `/api/v1/projects/alpha/members/${name}`, { role });
    return new As(server.url, (await admin.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'own', user: name })).token);
  };
  const deployer = await member('dora', 'deployer');
  const viewer = await member('vic', 'viewer');

  const { experiment } = await admin.ok<{ experiment: { experimentId: string } }>('POST', '/api/v1/experiments', { name: 'clf-runs', project: 'alpha' });
  const { run } = await admin.ok<{ run: { info: { runId: string } } }>('POST', '/api/v1/runs', { experimentId: experiment.experimentId });
  const runId = run.info.runId;
  const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3 }));
  const put = await fetch(`${server.url}/api/v1/runs/${runId}/artifacts/content?path=model.onnx`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${login.token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(put.status).toBe(201);
  await admin.ok('POST', '/api/v1/models', { name: 'clf', project: 'alpha' });
  await admin.ok('POST', '/api/v1/models/clf/versions', { source: `runs:/${runId}/model.onnx` });
  for (const name of ['dep-a', 'dep-b']) await admin.ok('POST', '/api/v1/deployments', { name, project: 'alpha', spec: { versions: [{ model: 'clf', version: 1 }] } });
  return { server, admin, deployer, viewer, experimentId: experiment.experimentId, runId };
}

/** The three inference entry points of a deployment, as `as`. */
function inference(as: As, deployment: string): Promise<Answer>[] {
  return [
    as.call('POST', `/v2/models/${deployment}/infer`, oipBody),
    as.call('POST', `/deployments/${deployment}/invocations`, split),
    as.call('POST', `/api/v1/deployments/${deployment}/predict`, records),
  ];
}

const messageOf = (answer: Answer): string => {
  const body = answer.body as { message?: string; error?: string | { message?: string } };
  return body.message ?? (typeof body.error === 'string' ? body.error : (body.error?.message ?? ''));
};

describe.each(backends)('deployment-scoped API tokens on %s', (backend) => {
  let s: Setup;
  let scoped: As;

  beforeAll(async () => {
    s = await setUp(backend);
    const created = await s.deployer.ok<{ token: string; info: { deployment: string | null; user: string } }>('POST', '/api/v1/tokens', { name: 'fraud-app', deployment: 'dep-a' });
    expect(created.info).toMatchObject({ deployment: 'dep-a', user: 'dora' });
    scoped = new As(s.server.url, created.token);
  }, 120_000);
  afterAll(async () => {
    await s?.server.close();
  });

  it('calls its deployment over the Open Inference Protocol, /invocations and predict', async () => {
    for (const answer of await Promise.all(inference(scoped, 'dep-a'))) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((await scoped.call('GET', '/v2/models/dep-a')).status).toBe(200);
    expect((await scoped.call('GET', '/v2/models/dep-a/ready')).status).toBe(200);
  });

  it('is refused another deployment of the same project, naming its scope', async () => {
    for (const answer of await Promise.all(inference(scoped, 'dep-b'))) {
      expect(answer.status).toBe(403);
      expect(messageOf(answer)).toContain("scoped to deployment 'dep-a'");
    }
  });

  it('is refused tracking, registry, deployment management and token management with PERMISSION_DENIED', async () => {
    const refused = [
      scoped.call('GET', `/api/v1/experiments/${s.experimentId}`),
      scoped.call('GET', `/api/v1/runs/${s.runId}`),
      scoped.call('GET', '/api/v1/experiments?maxResults=10'),
      scoped.call('GET', '/api/v1/models/clf'),
      scoped.call('GET', '/api/v1/models/clf/versions/1/files/content?path=model.onnx'),
      scoped.call('GET', '/api/v1/deployments/dep-a'),
      scoped.call('GET', '/api/v1/deployments'),
      scoped.call('PUT', '/api/v1/deployments/dep-a', { spec: { versions: [{ model: 'clf', version: 1 }] } }),
      scoped.call('GET', '/api/v1/projects/alpha'),
      scoped.call('GET', '/api/v1/tokens'),
      scoped.call('POST', '/api/v1/tokens', { name: 'escalate' }),
      scoped.call('GET', '/api/v1/auth/me'),
      scoped.call('PATCH', '/api/v1/users/dora', { displayName: 'Mallory' }),
    ];
    for (const answer of await Promise.all(refused)) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(403);
      expect((answer.body as { error: { code: string } }).error.code).toBe('PERMISSION_DENIED');
      expect(messageOf(answer)).toContain("scoped to deployment 'dep-a'");
    }
    const viaMlflow = await scoped.call('GET', `${mlflow}/registered-models/get?name=clf`);
    expect(viaMlflow.status).toBe(403);
    expect((viaMlflow.body as { error_code: string }).error_code).toBe('PERMISSION_DENIED');
    const runs = await scoped.call('POST', `${mlflow}/runs/search`, { experiment_ids: [s.experimentId] });
    expect(runs.status).toBe(403);
  });

  it('needs deploy in the deployment\'s project to be made', async () => {
    const byViewer = await s.viewer.call('POST', '/api/v1/tokens', { name: 'nope', deployment: 'dep-a' });
    expect(byViewer.status).toBe(403);
    expect(messageOf(byViewer)).toContain("needs role deployer or admin in project 'alpha' to make an API token scoped to deployment 'dep-a'");
    const unknown = await s.deployer.call('POST', '/api/v1/tokens', { name: 'nope', deployment: 'no-such' });
    expect(unknown.status).toBe(404);
    const mine = await s.viewer.ok<{ tokens: { name: string }[] }>('GET', '/api/v1/tokens');
    expect(mine.tokens.map((t) => t.name)).toEqual(['own']);
  });

  it('shows its scope in the listing and in the audit trail', async () => {
    const { tokens } = await s.deployer.ok<{ tokens: { name: string; deployment: string | null; deploymentDeleted: boolean }[] }>('GET', '/api/v1/tokens');
    expect(tokens.find((t) => t.name === 'fraud-app')).toMatchObject({ deployment: 'dep-a', deploymentDeleted: false });
    expect(tokens.find((t) => t.name === 'own')).toMatchObject({ deployment: null, deploymentDeleted: false });
    const audit = await s.admin.ok<{ events: { action: string; actor: string; details: Record<string, unknown> }[] }>('GET', '/api/v1/audit?action=token.create&maxResults=100');
    expect(audit.events.find((e) => e.details['name'] === 'fraud-app')).toMatchObject({ actor: 'dora', details: { deployment: 'dep-a', user: 'dora' } });
  });

  it("keeps an admin's scoped token to its deployment", async () => {
    const { token } = await s.admin.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'admin-app', deployment: 'dep-b' });
    const adminScoped = new As(s.server.url, token);
    expect((await adminScoped.call('POST', '/v2/models/dep-b/infer', oipBody)).status).toBe(200);
    expect((await adminScoped.call('POST', '/v2/models/dep-a/infer', oipBody)).status).toBe(403);
    expect((await adminScoped.call('GET', '/api/v1/users')).status).toBe(403);
    expect((await adminScoped.call('POST', '/api/v1/projects', { name: 'beta' })).status).toBe(403);
  });

  it('stops working when its owner may no longer read the project', async () => {
    await s.admin.ok('POST', '/api/v1/users', { name: 'leaver' });
    await s.admin.ok('PUT', '/api/v1/projects/alpha/members/leaver', { role: 'deployer' });
    const own = new As(s.server.url, (await s.admin.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'own', user: 'leaver' })).token);
    const token = new As(s.server.url, (await own.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'app', deployment: 'dep-a' })).token);
    expect((await token.call('POST', '/api/v1/deployments/dep-a/predict', records)).status).toBe(200);
    await s.admin.ok('DELETE', '/api/v1/projects/alpha/members/leaver');
    const refused = await token.call('POST', '/api/v1/deployments/dep-a/predict', records);
    expect(refused.status).toBe(403);
    expect(messageOf(refused)).toContain("user 'leaver', who owns this API token scoped to deployment 'dep-a', needs role viewer or higher in project 'alpha'");
  });

  it('stops working (401) once its deployment is deleted, also when one of that name is made again', async () => {
    const { token } = await s.deployer.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'short-lived', deployment: 'dep-b' });
    const doomed = new As(s.server.url, token);
    expect((await doomed.call('POST', '/v2/models/dep-b/infer', oipBody)).status).toBe(200);
    await s.deployer.ok('DELETE', '/api/v1/deployments/dep-b');
    const refused = await doomed.call('POST', '/v2/models/dep-b/infer', oipBody);
    expect(refused.status).toBe(401);
    expect(messageOf(refused)).toBe("API token is scoped to deployment 'dep-b', which has been deleted");
    await s.deployer.ok('POST', '/api/v1/deployments', { name: 'dep-b', project: 'alpha', spec: { versions: [{ model: 'clf', version: 1 }] } });
    expect((await doomed.call('POST', '/v2/models/dep-b/infer', oipBody)).status).toBe(401);
    const { tokens } = await s.deployer.ok<{ tokens: { name: string; deployment: string | null; deploymentDeleted: boolean }[] }>('GET', '/api/v1/tokens');
    expect(tokens.find((t) => t.name === 'short-lived')).toMatchObject({ deployment: 'dep-b', deploymentDeleted: true });
    // The other deployment's token is untouched.
    expect((await scoped.call('POST', '/v2/models/dep-a/infer', oipBody)).status).toBe(200);
  });
});
