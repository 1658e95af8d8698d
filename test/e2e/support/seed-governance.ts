/**
 * Seeds a server that runs with authentication on: two users beside the bootstrap admin, a model
 * with two versions from finished runs, `production` on version 1, and a policy for medium-risk
 * models that compares accuracy. Everything goes through the public APIs with the admin's token.
 */

export interface SeededUser {
  name: string;
  password: string;
}

export interface SeededGovernance {
  modelName: string;
  experimentId: string;
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

async function finishedRun(call: Call, experimentId: string, name: string, accuracy: number, start: number): Promise<string> {
  const mlflow = '/api/2.0/mlflow';
  const { run } = await call<{ run: { info: { run_id: string } } }>('POST', `${mlflow}/runs/create`, {
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
  await call('POST', `${mlflow}/runs/update`, { run_id: runId, status: 'FINISHED', end_time: start + 60_000 });
  return runId;
}

export async function seedGovernance(baseUrl: string, admin: SeededUser): Promise<SeededGovernance> {
  const call = caller(baseUrl, await signInToken(baseUrl, admin));
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
  for (const [index, [runName, value]] of [['baseline', accuracy.v1], ['candidate', accuracy.v2]].entries()) {
    const runId = await finishedRun(call, experimentId, String(runName), Number(value), start + index * 3_600_000);
    await call('POST', `${mlflow}/model-versions/create`, { name: modelName, source: `runs:/${runId}/model`, run_id: runId });
  }
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
  return { modelName, experimentId, alice, bob, accuracy };
}
