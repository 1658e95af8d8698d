/**
 * Seeds a server that runs with authentication on: two users beside the bootstrap admin, a model
 * whose version 1 (from the admin's finished `baseline` run) holds `production`, alice's finished
 * `candidate` run with a better accuracy and a `model/` folder of artifacts that the browser test
 * registers as version 2, and a policy for medium-risk models that compares accuracy. Everything
 * goes through the public APIs with the admin's token (the candidate run with alice's).
 */

export interface SeededUser {
  name: string;
  password: string;
}

export interface SeededGovernance {
  modelName: string;
  experimentId: string;
  /** alice's run whose `model/` folder is not registered yet. */
  candidateRunId: string;
  alice: SeededUser;
  bob: SeededUser;
  /** Accuracy of the candidate (version 2) and of the current holder (version 1). */
  accuracy: { v1: number; v2: number };
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

function caller(baseUrl: string, token: string | null): Call {
  return async <T>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
}

export async function signInToken(baseUrl: string, user: SeededUser): Promise<string> {
  const { token } = await caller(baseUrl, null)<{ token: string }>('POST', '/api/v1/auth/login', { username: user.name, password: user.password });
  return token;
}

/** A small MLflow-format model folder: enough for the registry to read a format and flavours. */
const modelFolder: [string, string][] = [
  ['model/MLmodel', 'artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\n    model_path: model.pkl\n  sklearn:\n    pickled_model: model.pkl\n'],
  ['model/model.pkl', 'not a real pickle: the browser test only registers it\n'],
];

async function putArtifact(baseUrl: string, token: string, artifactUri: string, path: string, content: string): Promise<void> {
  const root = artifactUri.replace(/^mlflow-artifacts:\/*/, '');
  const response = await fetch(`${baseUrl}/api/2.0/mlflow-artifacts/artifacts/${root}/${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: content,
  });
  if (!response.ok) throw new Error(`upload of ${path} answered ${response.status}: ${await response.text()}`);
}

async function finishedRun(baseUrl: string, token: string, experimentId: string, name: string, accuracy: number, start: number): Promise<string> {
  const call = caller(baseUrl, token);
  const mlflow = '/api/2.0/mlflow';
  const { run } = await call<{ run: { info: { run_id: string; artifact_uri: string } } }>('POST', `${mlflow}/runs/create`, {
    experiment_id: experimentId,
    run_name: name,
    start_time: start,
    tags: [
      { key: 'mlflow.source.git.commit', value: `${name === 'candidate' ? '9f3c2a1' : '41be07d'}e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1` },
      { key: 'mlflow.source.name', value: 'train_fraud.py' },
    ],
  });
  const runId = run.info.run_id;
  await call('POST', `${mlflow}/runs/log-batch`, {
    run_id: runId,
    metrics: [
      { key: 'accuracy', value: accuracy, timestamp: start + 1000, step: 0 },
      { key: 'loss', value: 1 - accuracy, timestamp: start + 1000, step: 0 },
    ],
    params: [{ key: 'max_depth', value: name === 'candidate' ? '8' : '4' }],
  });
  await call('POST', `${mlflow}/runs/log-inputs`, {
    run_id: runId,
    datasets: [
      {
        dataset: { name: 'transactions-2024q1', digest: 'a1b2c3d4e5', source_type: 'local', source: '/data/transactions-2024q1.parquet' },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      },
    ],
  });
  for (const [path, content] of modelFolder) await putArtifact(baseUrl, token, run.info.artifact_uri, path, content);
  await call('POST', `${mlflow}/runs/update`, { run_id: runId, status: 'FINISHED', end_time: start + 60_000 });
  return runId;
}

export async function seedGovernance(baseUrl: string, admin: SeededUser): Promise<SeededGovernance> {
  const adminToken = await signInToken(baseUrl, admin);
  const call = caller(baseUrl, adminToken);
  const alice = { name: 'alice', password: 'alice-secret-1' };
  const bob = { name: 'bob', password: 'bob-secret-12' };
  await call('POST', '/api/v1/users', { name: alice.name, displayName: 'Alice Analyst', password: alice.password });
  await call('POST', '/api/v1/users', { name: bob.name, displayName: 'Bob Approver', password: bob.password });
  await call('PUT', '/api/v1/projects/default/members/alice', { role: 'contributor' });
  await call('PUT', '/api/v1/projects/default/members/bob', { role: 'approver' });

  const mlflow = '/api/2.0/mlflow';
  const { experiment_id: experimentId } = await call<{ experiment_id: string }>('POST', `${mlflow}/experiments/create`, { name: 'fraud' });
  const start = Date.UTC(2024, 2, 1, 9, 0, 0);
  const accuracy = { v1: 0.81, v2: 0.88 };
  const modelName = 'fraud-detector';
  await call('POST', `${mlflow}/registered-models/create`, { name: modelName, description: 'Flags card transactions for review.' });
  const baselineRunId = await finishedRun(baseUrl, adminToken, experimentId, 'baseline', accuracy.v1, start);
  await call('POST', `${mlflow}/model-versions/create`, { name: modelName, source: `runs:/${baselineRunId}/model`, run_id: baselineRunId });
  const candidateRunId = await finishedRun(baseUrl, await signInToken(baseUrl, alice), experimentId, 'candidate', accuracy.v2, start + 3_600_000);
  // `production` is protected in the default project; the admin lifts that for a moment to place version 1 there.
  await call('PATCH', '/api/v1/projects/default', { protectedAliases: [] });
  await call('POST', `${mlflow}/registered-models/alias`, { name: modelName, alias: 'production', version: '1' });
  await call('PATCH', '/api/v1/projects/default', { protectedAliases: ['production'] });
  await call('PUT', '/api/v1/projects/default/policies/medium', {
    approvals: 1,
    separationOfDuties: true,
    checks: ['card_complete', 'beats_current', 'run_finished'],
    metric: { key: 'accuracy', higherIsBetter: true },
  });
  return { modelName, experimentId, candidateRunId, alice, bob, accuracy };
}
