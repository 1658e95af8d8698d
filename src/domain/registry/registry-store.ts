import type { KeyValue } from '../tracking/types.js';
import type { ModelFilterClause, ModelOrderKey, RegistryOrderBy, VersionFilterClause, VersionOrderKey } from './registry-search.js';
import type { ModelStage, ModelVersion, NewModelVersion, RegisteredModel } from './types.js';

export interface ModelQuery {
  filter: ModelFilterClause[];
  orderBy: RegistryOrderBy<ModelOrderKey>[];
  offset: number;
  limit: number;
}

export interface VersionQuery {
  filter: VersionFilterClause[];
  orderBy: RegistryOrderBy<VersionOrderKey>[];
  offset: number;
  limit: number;
}

/**
 * Persistence of registered models and their versions. Inputs are already validated by
 * RegistryService. Unknown models or versions throw NOT_FOUND; a duplicate name ALREADY_EXISTS.
 * Deleted versions are invisible to every read but keep their number.
 */
export interface RegistryStore {
  createModel(name: string, description: string, tags: readonly KeyValue[], now: number): Promise<RegisteredModel>;
  getModel(name: string): Promise<RegisteredModel>;
  renameModel(name: string, newName: string, now: number): Promise<void>;
  updateModelDescription(name: string, description: string, now: number): Promise<void>;
  deleteModel(name: string): Promise<void>;
  setModelTag(name: string, tag: KeyValue): Promise<void>;
  deleteModelTag(name: string, key: string): Promise<void>;
  searchModels(query: ModelQuery): Promise<RegisteredModel[]>;

  /** Numbers the version as the highest number ever given in this model + 1. */
  createVersion(version: NewModelVersion, now: number): Promise<ModelVersion>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  updateVersionDescription(name: string, version: number, description: string, now: number): Promise<void>;
  /** Marks the version deleted and drops the aliases that point to it. */
  deleteVersion(name: string, version: number, now: number): Promise<void>;
  /** Moves the version to `stage`; with `archiveExisting`, the others in that stage go to Archived. */
  transitionStage(name: string, version: number, stage: ModelStage, archiveExisting: boolean, now: number): Promise<void>;
  /** The highest version in each of `stages` that has one. */
  latestVersions(name: string, stages: readonly ModelStage[]): Promise<ModelVersion[]>;
  setVersionTag(name: string, version: number, tag: KeyValue): Promise<void>;
  deleteVersionTag(name: string, version: number, key: string): Promise<void>;
  searchVersions(query: VersionQuery): Promise<ModelVersion[]>;

  setAlias(name: string, alias: string, version: number): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  getVersionByAlias(name: string, alias: string): Promise<ModelVersion>;
}
