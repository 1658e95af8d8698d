/** Seeds a registered model with versions built from tracked runs, through the MLflow REST API. */
import { seedTracking, type Seeded } from './seed-tracking.js';

export interface SeededRegistry extends Seeded {
  modelName: string;
  /** Version number to the name of the run it came from. */
  versionRuns: Map<number, string>;
}

async function call<T>(baseUrl: string, method: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/2.0/mlflow/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The tracking seed, plus model `weather-classifier` with versions 1..3 from beta, gamma and alpha. */
export async function seedRegistry(baseUrl: string): Promise<SeededRegistry> {
  const seeded = await seedTracking(baseUrl);
  const modelName = 'weather-classifier';
  await call(baseUrl, 'POST', 'registered-models/create', {
    name: modelName,
    description: 'Classifies the seattle weather sample.',
    tags: [{ key: 'team', value: 'vision' }],
  });
  // A decoy, so the list's name filter has something to hide.
  await call(baseUrl, 'POST', 'registered-models/create', { name: 'churn-model' });
  const versionRuns = new Map<number, string>();
  for (const runName of ['beta', 'gamma', 'alpha']) {
    const run = seeded.runs.find((r) => r.name === runName);
    if (!run) throw new Error(`no seeded run ${runName}`);
    const { model_version: version } = await call<{ model_version: { version: string } }>(baseUrl, 'POST', 'model-versions/create', {
      name: modelName,
      source: `runs:/${run.id}/model`,
      run_id: run.id,
    });
    versionRuns.set(Number(version.version), runName);
  }
  await call(baseUrl, 'POST', 'registered-models/alias', { name: modelName, alias: 'champion', version: '3' });
  await call(baseUrl, 'POST', 'model-versions/transition-stage', {
    name: modelName,
    version: '3',
    stage: 'Staging',
    archive_existing_versions: false,
  });
  return { ...seeded, modelName, versionRuns };
}
