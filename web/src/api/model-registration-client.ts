import { seg, v1Get, v1Send } from './http.js';

/**
 * Registering a run's artifacts as a model version from the UI (native API, see docs/openapi.json):
 * the candidate models and the run's project to offer, then the two creates.
 */

export interface ModelChoice {
  name: string;
  project: string;
}

/** Models the caller can read, by name; one page is plenty for a picker (the server caps pages at 1000). */
export async function listModelChoices(signal?: AbortSignal): Promise<ModelChoice[]> {
  const body = await v1Get<{ models: ModelChoice[] }>('/models', { maxResults: 500, orderBy: 'name ASC' }, signal);
  return body.models.map((m) => ({ name: m.name, project: m.project }));
}

/** The project of an experiment: the MLflow answer does not carry it. */
export async function getExperimentProject(experimentId: string, signal?: AbortSignal): Promise<string> {
  const body = await v1Get<{ experiment: { project?: string } }>(`/experiments/${seg(experimentId)}`, {}, signal);
  return body.experiment.project ?? 'default';
}

/** The `runs:/` source MLflow clients use for a path inside a run's artifacts (the root when empty). */
export function runSource(runId: string, path: string): string {
  const clean = path.replace(/^\/+|\/+$/g, '');
  return clean ? `runs:/${runId}/${clean}` : `runs:/${runId}`;
}

export interface RegistrationRequest {
  runId: string;
  path: string;
  model: string;
  /** Set to create the model first, in this project; absent to add a version to an existing model. */
  newModelProject?: string;
}

/** Creates the model when asked, then the version; answers the new version's number. */
export async function registerRunArtifacts(request: RegistrationRequest): Promise<number> {
  if (request.newModelProject !== undefined) await v1Send('POST', '/models', { name: request.model, project: request.newModelProject });
  const body = await v1Send<{ version: { version: number } }>('POST', `/models/${seg(request.model)}/versions`, {
    source: runSource(request.runId, request.path),
    runId: request.runId,
  });
  return body.version.version;
}
