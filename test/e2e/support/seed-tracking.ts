/** Seeds an experiment through the MLflow REST API, exactly as a Python client would. */

export interface SeededRun {
  id: string;
  name: string;
}

export interface Seeded {
  experimentId: string;
  experimentName: string;
  runs: SeededRun[];
}

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/2.0/mlflow/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function putArtifact(baseUrl: string, artifactUri: string, path: string, contentType: string, content: string): Promise<void> {
  const root = artifactUri.replace(/^mlflow-artifacts:\/*/, '');
  const response = await fetch(`${baseUrl}/api/2.0/mlflow-artifacts/artifacts/${root}/${path}`, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: content,
  });
  if (!response.ok) throw new Error(`upload of ${path} answered ${response.status}: ${await response.text()}`);
}

const specs = [
  { name: 'alpha', lr: '0.1', optimizer: 'adam', rate: 0.3 },
  { name: 'beta', lr: '0.01', optimizer: 'sgd', rate: 0.15 },
  { name: 'gamma', lr: '0.001', optimizer: 'adam', rate: 0.08 },
  { name: 'delta', lr: '0.01', optimizer: 'sgd', rate: 0.2 },
];

/** Four finished runs with params, twenty-step metric histories, and artifacts on the first. */
export async function seedTracking(baseUrl: string): Promise<Seeded> {
  const experimentName = 'ui-e2e';
  const { experiment_id: experimentId } = await call<{ experiment_id: string }>(baseUrl, 'POST', 'experiments/create', { name: experimentName });
  const start = Date.UTC(2024, 0, 15, 9, 0, 0);
  const runs: SeededRun[] = [];
  for (const [index, spec] of specs.entries()) {
    const runStart = start + index * 3_600_000;
    const { run } = await call<{ run: { info: { run_id: string; artifact_uri: string } } }>(baseUrl, 'POST', 'runs/create', {
      experiment_id: experimentId,
      run_name: spec.name,
      start_time: runStart,
      tags: [{ key: 'mlflow.user', value: 'e2e' }],
    });
    const runId = run.info.run_id;
    const metrics = Array.from({ length: 20 }, (_, step) => [
      { key: 'loss', value: Math.exp(-spec.rate * step), timestamp: runStart + step * 1000, step },
      { key: 'accuracy', value: 1 - 0.5 * Math.exp(-spec.rate * step), timestamp: runStart + step * 1000, step },
    ]).flat();
    await call(baseUrl, 'POST', 'runs/log-batch', {
      run_id: runId,
      metrics,
      params: [
        { key: 'lr', value: spec.lr },
        { key: 'optimizer', value: spec.optimizer },
        { key: 'epochs', value: '20' },
      ],
      tags: [{ key: 'team', value: 'vision' }],
    });
    if (index === 0) {
      await putArtifact(baseUrl, run.info.artifact_uri, 'summary.json', 'application/json', JSON.stringify({ accuracy: 0.93, classes: ['cat', 'dog'] }));
      await putArtifact(baseUrl, run.info.artifact_uri, 'plots/notes.txt', 'text/plain', 'trained on the seattle weather sample\n');
    }
    await call(baseUrl, 'POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: runStart + 25_000 });
    runs.push({ id: runId, name: spec.name });
  }
  return { experimentId, experimentName, runs };
}
