import { chosenProject, projectTag, type ProjectAccess } from '../access/project-access.js';
import { recordedUserName } from '../access/recorded-user.js';
import { unrestrictedAccess } from '../access/unrestricted-access.js';
import type { Clock } from '../clock.js';
import { invalidArgument, invalidState } from '../errors.js';
import type { ProtectedAliases } from '../governance/protected-aliases.js';
import type { VersionContents } from './model-files.js';
import { decodePageToken, encodePageToken } from '../tracking/search/page-token.js';
import type { KeyValue, Page } from '../tracking/types.js';
import { validateLength, validateMaxResults } from '../tracking/validation.js';
import { parseModelFilter, parseModelOrderBy, parseVersionFilter, parseVersionOrderBy } from './registry-search.js';
import type { RegistryStore } from './registry-store.js';
import { modelStages, type ModelStage, type ModelVersion, type NewModelVersion, type RegisteredModel, type RegistrySearch } from './types.js';

export const registryLimits = {
  tagKeyLength: 250,
  tagValueLength: 5000,
  aliasLength: 255,
  nameLength: 500,
  searchModelsMaxResults: 1000,
  searchVersionsMaxResults: 200_000,
} as const;

export interface RegistryServiceOptions {
  store: RegistryStore;
  clock: Clock;
  /** The artifact URI of a run (`mlflow-artifacts:/<exp>/<run>/artifacts`); NOT_FOUND for an unknown run. */
  runArtifactUri: (runId: string) => Promise<string>;
  /** Who may do what (app.ts wires AccessControl); everything is allowed when absent. */
  access?: ProjectAccess;
  /** Aliases only a promotion request may move (governance); none when absent. */
  protectedAliases?: ProtectedAliases;
  /** The files, format and signature behind a new version's source (VersionInspector); none recorded when absent. */
  inspectSource?: (source: string, runId: string) => Promise<VersionContents>;
}

const aliasFormat = /^[A-Za-z0-9_-]+$/;
const runsSource = /^runs:\/([^/]+)(?:\/(.*))?$/;

/**
 * The model registry: every API surface goes through here, so MLflow's rules (names, tag limits,
 * alias rules, stages, source checks, paging) hold the same everywhere.
 */
export class RegistryService {
  private readonly store: RegistryStore;
  private readonly clock: Clock;
  private readonly runArtifactUri: (runId: string) => Promise<string>;
  private readonly access: ProjectAccess;
  private readonly protectedAliases: ProtectedAliases | undefined;
  private readonly inspectSource: RegistryServiceOptions['inspectSource'];

  constructor(options: RegistryServiceOptions) {
    this.access = options.access ?? unrestrictedAccess;
    this.store = options.store;
    this.clock = options.clock;
    this.runArtifactUri = options.runArtifactUri;
    this.protectedAliases = options.protectedAliases;
    this.inspectSource = options.inspectSource;
  }

  /**
   * Creates the model in project `project` (a name), or in the one its `cairn.project` tag names
   * (how MLflow clients choose), or in the default project. The tag is not kept.
   */
  async createRegisteredModel(name: string, description = '', tags: readonly KeyValue[] = [], project?: string): Promise<RegisteredModel> {
    validateModelName(name);
    tags.forEach((tag, i) => validateTag(tag, `tags[${i}]`));
    const target = await this.access.requireProjectNamed(chosenProject(project, tags), 'write', `to create registered model '${name}'`);
    const kept = tags.filter((tag) => tag.key !== projectTag);
    return this.store.createModel(name, description, dedupeTags(kept), this.clock.now(), target.id);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    validateModelName(name);
    const model = await this.store.getModel(name);
    await this.access.requireProject(model.projectId, 'read', `to read registered model '${name}'`);
    return model;
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    validateModelName(name);
    validateModelName(newName, 'new_name');
    await this.access.requireModel(name, 'write', `to rename registered model '${name}'`);
    await this.store.renameModel(name, newName, this.clock.now());
    return this.store.getModel(newName);
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    validateModelName(name);
    await this.access.requireModel(name, 'write', `to update registered model '${name}'`);
    await this.store.updateModelDescription(name, description, this.clock.now());
    return this.store.getModel(name);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    validateModelName(name);
    await this.access.requireModel(name, 'write', `to delete registered model '${name}'`);
    return this.store.deleteModel(name, await this.protectedAliases?.deletionGuard(name));
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    validateModelName(name);
    validateTag({ key, value }, 'tag');
    await this.access.requireModel(name, 'write', `to tag registered model '${name}'`);
    return this.store.setModelTag(name, { key, value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    validateModelName(name);
    await this.access.requireModel(name, 'write', `to delete a tag of registered model '${name}'`);
    return this.store.deleteModelTag(name, key);
  }

  async searchRegisteredModels(search: RegistrySearch): Promise<Page<RegisteredModel>> {
    validateMaxResults(search.maxResults, registryLimits.searchModelsMaxResults);
    const filter = parseModelFilter(search.filter);
    const orderBy = parseModelOrderBy(search.orderBy);
    const fingerprint = { kind: 'models', filter, orderBy, ...(search.project !== undefined ? { project: search.project } : {}) };
    const offset = decodePageToken(search.pageToken, fingerprint);
    // A named project is checked like any read of it: unknown is NOT_FOUND, unreadable PERMISSION_DENIED.
    const projectIds =
      search.project !== undefined
        ? [(await this.access.requireProjectNamed(search.project, 'read', `to search registered models of project '${search.project}'`)).id]
        : await this.access.readableProjects();
    if (projectIds?.length === 0) return { items: [] };
    const items = await this.store.searchModels({ filter, orderBy, offset, limit: search.maxResults + 1, ...(projectIds ? { projectIds } : {}) });
    return page(items, search.maxResults, offset, fingerprint);
  }

  async createModelVersion(input: NewModelVersion): Promise<ModelVersion> {
    validateModelName(input.name);
    input.tags.forEach((tag, i) => validateTag(tag, `tags[${i}]`));
    await this.access.requireModel(input.name, 'write', `to register a version of '${input.name}'`);
    await this.validateSource(input.source, input.runId);
    const contents = input.contents ?? (await this.inspectSource?.(input.source, input.runId));
    const userId = recordedUserName(this.access.caller(), input.userId);
    return this.store.createVersion({ ...input, userId, tags: dedupeTags(input.tags), ...(contents ? { contents } : {}) }, this.clock.now());
  }

  async getModelVersion(name: string, version: string | number): Promise<ModelVersion> {
    validateModelName(name);
    await this.access.requireModel(name, 'read');
    return this.store.getVersion(name, parseVersion(version));
  }

  async updateModelVersion(name: string, version: string | number, description: string): Promise<ModelVersion> {
    validateModelName(name);
    await this.access.requireModel(name, 'write', `to update a version of '${name}'`);
    const number = parseVersion(version);
    await this.store.updateVersionDescription(name, number, description, this.clock.now());
    return this.store.getVersion(name, number);
  }

  async deleteModelVersion(name: string, version: string | number): Promise<void> {
    validateModelName(name);
    await this.access.requireModel(name, 'write', `to delete a version of '${name}'`);
    const number = parseVersion(version);
    return this.store.deleteVersion(name, number, this.clock.now(), await this.protectedAliases?.deletionGuard(name, number));
  }

  async transitionModelVersionStage(name: string, version: string | number, stage: string, archiveExisting: boolean): Promise<ModelVersion> {
    validateModelName(name);
    const number = parseVersion(version);
    const canonical = canonicalStage(stage);
    await this.access.requireModel(name, 'write', `to change the stage of a version of '${name}'`);
    if (archiveExisting && canonical !== 'Staging' && canonical !== 'Production') {
      throw invalidArgument(`archive_existing_versions can only be true when the stage is Staging or Production, not ${canonical}`);
    }
    await this.store.transitionStage(name, number, canonical, archiveExisting, this.clock.now());
    return this.store.getVersion(name, number);
  }

  /** With no stages, the latest version of every stage (None included). */
  async getLatestVersions(name: string, stages: readonly string[] = []): Promise<ModelVersion[]> {
    validateModelName(name);
    const wanted = stages.length === 0 ? modelStages : [...new Set(stages.map(canonicalStage))];
    await this.access.requireModel(name, 'read');
    await this.store.getModel(name);
    return this.store.latestVersions(name, wanted);
  }

  async setModelVersionTag(name: string, version: string | number, key: string, value: string): Promise<void> {
    validateModelName(name);
    validateTag({ key, value }, 'tag');
    await this.access.requireModel(name, 'write', `to tag a version of '${name}'`);
    return this.store.setVersionTag(name, parseVersion(version), { key, value });
  }

  async deleteModelVersionTag(name: string, version: string | number, key: string): Promise<void> {
    validateModelName(name);
    await this.access.requireModel(name, 'write', `to delete a tag of a version of '${name}'`);
    return this.store.deleteVersionTag(name, parseVersion(version), key);
  }

  async searchModelVersions(search: RegistrySearch): Promise<Page<ModelVersion>> {
    validateMaxResults(search.maxResults, registryLimits.searchVersionsMaxResults);
    const filter = parseVersionFilter(search.filter);
    const orderBy = parseVersionOrderBy(search.orderBy);
    const fingerprint = { kind: 'versions', filter, orderBy };
    const offset = decodePageToken(search.pageToken, fingerprint);
    const projectIds = await this.access.readableProjects();
    if (projectIds?.length === 0) return { items: [] };
    const items = await this.store.searchVersions({ filter, orderBy, offset, limit: search.maxResults + 1, ...(projectIds ? { projectIds } : {}) });
    return page(items, search.maxResults, offset, fingerprint);
  }

  /** Where the version's files can be read: a `runs:/` source resolved through the run's artifact URI. */
  async getModelVersionDownloadUri(name: string, version: string | number): Promise<string> {
    const found = await this.getModelVersion(name, version);
    const match = runsSource.exec(found.source);
    if (!match) return found.source;
    const base = await this.runArtifactUri(match[1] as string);
    const path = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
    return path === '' ? base : `${base}/${path}`;
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string | number): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    const number = parseVersion(version);
    await this.access.requireModel(name, 'write', `to set alias '${alias}' of '${name}'`);
    await this.protectedAliases?.requireUnprotected(name, alias);
    requireReady(await this.store.getVersion(name, number), `alias '${alias}' cannot point at it`);
    await this.store.setAlias(name, alias, number);
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    await this.access.requireModel(name, 'write', `to delete alias '${alias}' of '${name}'`);
    await this.protectedAliases?.requireUnprotected(name, alias);
    return this.store.deleteAlias(name, alias);
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateModelName(name);
    validateAlias(alias);
    await this.access.requireModel(name, 'read');
    return this.store.getVersionByAlias(name, alias);
  }

  /** A source is a `runs:/<run_id>/path` or a `mlflow-artifacts:/` URI; a named run must exist. */
  private async validateSource(source: string, runId: string): Promise<void> {
    if (source === '') throw invalidArgument("Missing value for required parameter 'source'");
    const match = runsSource.exec(source);
    if (match) {
      const sourceRun = match[1] as string;
      if (runId !== '' && runId !== sourceRun) throw invalidArgument(`source refers to run '${sourceRun}' but run_id is '${runId}'`);
      await this.runArtifactUri(sourceRun);
    } else if (!source.startsWith('mlflow-artifacts:/')) {
      throw invalidArgument(`Invalid model version source '${source}': use runs:/<run_id>/<path> or a mlflow-artifacts:/ URI`);
    }
    if (source.split('/').some((part) => part === '..')) throw invalidArgument(`Invalid model version source '${source}': '..' is not allowed`);
    if (runId !== '') await this.runArtifactUri(runId);
  }
}

function page<T>(rows: T[], maxResults: number, offset: number, fingerprint: unknown): Page<T> {
  if (rows.length <= maxResults) return { items: rows };
  return { items: rows.slice(0, maxResults), nextPageToken: encodePageToken(offset + maxResults, fingerprint) };
}

function validateModelName(name: string, field = 'name'): void {
  if (name.trim() === '') throw invalidArgument(`${field}: a registered model name cannot be empty`);
  validateLength(field, name, registryLimits.nameLength);
}

function validateTag(tag: KeyValue, field: string): void {
  if (tag.key === '') throw invalidArgument(`${field}.key: a tag key cannot be empty`);
  validateLength(`${field}.key`, tag.key, registryLimits.tagKeyLength);
  validateLength(`${field}.value`, tag.value, registryLimits.tagValueLength);
}

/** The last value wins when a request repeats a tag key. */
function dedupeTags(tags: readonly KeyValue[]): KeyValue[] {
  return [...new Map(tags.map((tag) => [tag.key, tag])).values()];
}

export function validateAlias(alias: string): void {
  if (alias.length > registryLimits.aliasLength) throw invalidArgument(`alias: '${alias.slice(0, 40)}...' is longer than ${registryLimits.aliasLength} characters`);
  if (!aliasFormat.test(alias)) throw invalidArgument(`alias: '${alias}' is invalid; aliases may only contain letters, digits, '_' and '-'`);
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) {
    throw invalidArgument(`alias: '${alias}' is reserved ('latest' and 'v<number>' name versions directly)`);
  }
}

/** Aliases and promotions name only versions whose files are complete (uploads start PENDING_REGISTRATION). */
export function requireReady(version: ModelVersion, consequence: string): void {
  if (version.status !== 'READY') {
    throw invalidState(`version ${version.version} of model '${version.name}' is ${version.status}, not READY (finalize its upload first): ${consequence}`);
  }
}

function parseVersion(version: string | number): number {
  const number = typeof version === 'number' ? version : /^\s*\d+\s*$/.test(version) ? Number(version) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 1) throw invalidArgument(`version: '${version}' is not a model version number`);
  return number;
}

export function canonicalStage(stage: string): ModelStage {
  const found = modelStages.find((s) => s.toLowerCase() === stage.trim().toLowerCase());
  if (found === undefined) throw invalidArgument(`stage: '${stage}' is not a valid stage; use one of ${modelStages.join(', ')}`);
  return found;
}
