import { seg, v1Get, v1Send } from './http.js';
import type { Experiment, Page } from './tracking-model.js';
import type { RegisteredModel } from './registry-client.js';

/**
 * The native registry and experiment APIs where the UI needs what the MLflow wire lacks: projects,
 * a version's files, format and signature, and the registry edits.
 */

export interface TensorSpec {
  name: string;
  datatype: string;
  /** -1 for a symbolic dimension; null when the rank is unknown. */
  shape: number[] | null;
}

export interface ModelFile {
  path: string;
  size: number;
  sha256: string;
}

export interface VersionContents {
  format: string;
  flavors: string[];
  signature: { inputs: TensorSpec[]; outputs: TensorSpec[] } | null;
  files: ModelFile[];
}

interface NativeKeyValue {
  key: string;
  value: string;
}

interface NativeModel {
  name: string;
  creationTime: number;
  lastUpdateTime: number;
  description: string;
  project: string;
  latestVersions: { version: number }[];
  tags: NativeKeyValue[];
  aliases: { alias: string; version: number }[];
}

interface NativeVersion {
  format: string;
  flavors: string[];
  signature: VersionContents['signature'];
}

interface NativeExperiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  creationTime: number;
  lastUpdateTime: number;
  project: string;
  tags: NativeKeyValue[];
}

export type ProjectModel = RegisteredModel & { project: string };
export type ProjectExperiment = Experiment & { project: string };

function toModel(json: NativeModel): ProjectModel {
  const versions = json.latestVersions.map((v) => v.version);
  return {
    name: json.name,
    creationTime: json.creationTime,
    lastUpdateTime: json.lastUpdateTime,
    description: json.description,
    project: json.project,
    latestVersion: versions.length > 0 ? Math.max(...versions) : null,
    tags: new Map(json.tags.map((t) => [t.key, t.value])),
    aliases: [...json.aliases].sort((a, b) => a.alias.localeCompare(b.alias)),
  };
}

type ListOptions = { filter?: string; pageToken?: string | null; project?: string | null };

/** Registered models, searched and paged by the server; `project` keeps one project's models. */
export async function listModels(options: ListOptions, signal?: AbortSignal): Promise<Page<ProjectModel>> {
  const body = await v1Get<{ models: NativeModel[]; nextPageToken?: string }>(
    '/models',
    { filter: options.filter, pageToken: options.pageToken, project: options.project, maxResults: 50 },
    signal,
  );
  return { items: body.models.map(toModel), nextPageToken: body.nextPageToken ?? null };
}

/** Experiments, newest first; `project` keeps one project's experiments. */
export async function listExperiments(options: ListOptions, signal?: AbortSignal): Promise<Page<ProjectExperiment>> {
  const body = await v1Get<{ experiments: NativeExperiment[]; nextPageToken?: string }>(
    '/experiments',
    { filter: options.filter, pageToken: options.pageToken, project: options.project, maxResults: 200, orderBy: 'creation_time DESC' },
    signal,
  );
  const items = body.experiments.map((e) => ({
    id: e.experimentId,
    name: e.name,
    artifactLocation: e.artifactLocation,
    lifecycleStage: e.lifecycleStage,
    creationTime: e.creationTime,
    lastUpdateTime: e.lastUpdateTime,
    project: e.project,
    tags: new Map(e.tags.map((t) => [t.key, t.value])),
  }));
  return { items, nextPageToken: body.nextPageToken ?? null };
}

/** A version's format, flavours, signature and recorded files. */
export async function getVersionContents(model: string, version: number, signal?: AbortSignal): Promise<VersionContents> {
  const body = await v1Get<{ version: NativeVersion; files: ModelFile[] }>(`/models/${seg(model)}/versions/${seg(version)}`, {}, signal);
  return { format: body.version.format, flavors: body.version.flavors, signature: body.version.signature, files: body.files };
}

/** Changes the description and/or the name; answers the model's (possibly new) name. */
export async function updateModel(model: string, changes: { description?: string; newName?: string }): Promise<string> {
  const body = await v1Send<{ model: { name: string } }>('PATCH', `/models/${seg(model)}`, changes);
  return body.model.name;
}

export async function setModelTag(model: string, key: string, value: string): Promise<void> {
  await v1Send('PUT', `/models/${seg(model)}/tags/${seg(key)}`, { value });
}

export async function deleteModelTag(model: string, key: string): Promise<void> {
  await v1Send('DELETE', `/models/${seg(model)}/tags/${seg(key)}`);
}

export async function setVersionStage(model: string, version: number, stage: string, archiveExistingVersions = false): Promise<void> {
  await v1Send('PATCH', `/models/${seg(model)}/versions/${seg(version)}`, { stage, ...(archiveExistingVersions ? { archiveExistingVersions } : {}) });
}

export async function deleteVersion(model: string, version: number): Promise<void> {
  await v1Send('DELETE', `/models/${seg(model)}/versions/${seg(version)}`);
}

export interface ModelOverview {
  project: string;
  /** Format and flavours of every live version, by number. */
  formats: Map<number, { format: string; flavors: string[] }>;
}

/** What the native model answer adds to the MLflow one: the project and each version's format. */
export async function getModelOverview(model: string, signal?: AbortSignal): Promise<ModelOverview> {
  const body = await v1Get<{ model: { project: string }; versions: ({ version: number } & NativeVersion)[] }>(`/models/${seg(model)}`, {}, signal);
  return { project: body.model.project, formats: new Map(body.versions.map((v) => [v.version, { format: v.format, flavors: v.flavors }])) };
}

/** Creates an experiment in `project` (the default project when null); answers its id. */
export async function createExperimentIn(name: string, project: string | null): Promise<string> {
  const body = await v1Send<{ experiment: { experimentId: string } }>('POST', '/experiments', { name, ...(project ? { project } : {}) });
  return body.experiment.experimentId;
}
