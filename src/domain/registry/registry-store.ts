import type { KeyValue } from '../tracking/types.js';
import type { ModelFilterClause, ModelOrderKey, RegistryOrderBy, VersionFilterClause, VersionOrderKey } from './registry-search.js';
import type { ModelStage, ModelVersion, NewModelVersion, RegisteredModel } from './types.js';

export interface ModelQuery {
  filter: ModelFilterClause[];
  /** Only models of these projects (the ones the caller may read); all when absent. */
  projectIds?: readonly number[];
  orderBy: RegistryOrderBy<ModelOrderKey>[];
  offset: number;
  limit: number;
}

export interface VersionQuery {
  filter: VersionFilterClause[];
  /** Only versions of models in these projects; all when absent. */
  projectIds?: readonly number[];
  orderBy: RegistryOrderBy<VersionOrderKey>[];
  offset: number;
  limit: number;
}

/** An alias a deletion would drop, and the version that holds it. */
export interface DroppedAlias {
  alias: string;
  version: number;
}

/**
 * Judges, inside the deleting transaction (after the versions are locked, so a promotion cannot slip
 * an alias in unseen), the aliases a deletion would drop; a throw refuses the deletion. Synchronous:
 * it must not query the database while the transaction holds it.
 */
export type DeletionGuard = (dropped: readonly DroppedAlias[]) => void;

/**
 * Persistence of registered models and their versions. Inputs are already validated by
 * RegistryService. Unknown models or versions throw NOT_FOUND; a duplicate name ALREADY_EXISTS.
 * Deleted versions are invisible to every read but keep their number.
 */
export interface RegistryStore {
  /** In project `projectId`, the default project when absent. */
  createModel(name: string, description: string, tags: readonly KeyValue[], now: number, projectId?: number): Promise<RegisteredModel>;
  getModel(name: string): Promise<RegisteredModel>;
  renameModel(name: string, newName: string, now: number): Promise<void>;
  updateModelDescription(name: string, description: string, now: number): Promise<void>;
  /** Also closes the model's open promotion requests as withdrawn; `guard` may refuse it first. */
  deleteModel(name: string, guard?: DeletionGuard): Promise<void>;
  setModelTag(name: string, tag: KeyValue): Promise<void>;
  deleteModelTag(name: string, key: string): Promise<void>;
  searchModels(query: ModelQuery): Promise<RegisteredModel[]>;

  /** Numbers the version as the highest number ever given in this model + 1. */
  createVersion(version: NewModelVersion, now: number): Promise<ModelVersion>;
  getVersion(name: string, version: number): Promise<ModelVersion>;
  updateVersionDescription(name: string, version: number, description: string, now: number): Promise<void>;
  /** Marks the version deleted, drops the aliases that point to it and withdraws its open promotion requests; `guard` may refuse it first. */
  deleteVersion(name: string, version: number, now: number, guard?: DeletionGuard): Promise<void>;
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
