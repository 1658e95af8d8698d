import type { KeyValue } from '../tracking/types.js';
import type { ModelFormat, ModelSignature, VersionContents } from './model-files.js';

/** Legacy MLflow stages, in their canonical spelling. */
export const modelStages = ['None', 'Staging', 'Production', 'Archived'] as const;
export type ModelStage = (typeof modelStages)[number];

/** Deleted versions stay as rows in this stage so their numbers are never handed out again. */
export const deletedStage = 'Deleted_Internal';

export interface ModelVersion {
  name: string;
  version: number;
  creationTime: number;
  lastUpdateTime: number;
  userId: string;
  currentStage: ModelStage;
  description: string;
  source: string;
  runId: string;
  runLink: string;
  /** PENDING_REGISTRATION while files are being uploaded to a version made with `upload`. */
  status: ModelVersionStatus;
  tags: KeyValue[];
  aliases: string[];
  /** What the version's files hold (model-files.ts); the files themselves are read on their own. */
  format: ModelFormat;
  flavors: string[];
  signature: ModelSignature | null;
}

/** MLflow's version statuses; Cairn uses the first two. */
export const modelVersionStatuses = ['READY', 'PENDING_REGISTRATION', 'FAILED_REGISTRATION'] as const;
export type ModelVersionStatus = (typeof modelVersionStatuses)[number];

export interface RegisteredModel {
  name: string;
  creationTime: number;
  lastUpdateTime: number;
  description: string;
  /** The project the model belongs to. */
  projectId: number;
  /** The project's name, as native responses carry it. */
  project: string;
  /** The highest version in each stage (deleted versions excluded). */
  latestVersions: ModelVersion[];
  tags: KeyValue[];
  aliases: { alias: string; version: number }[];
}

export interface NewModelVersion {
  name: string;
  source: string;
  runId: string;
  runLink: string;
  description: string;
  userId: string;
  tags: KeyValue[];
  /** READY unless given (uploads start PENDING_REGISTRATION). */
  status?: ModelVersionStatus;
  /** The files, format and signature to record; read from the source's artifacts when absent. */
  contents?: VersionContents;
}

export interface RegistrySearch {
  filter: string;
  maxResults: number;
  orderBy: readonly string[];
  pageToken?: string;
  /** Only models of this project (by name); the caller must be able to read it. */
  project?: string;
}
