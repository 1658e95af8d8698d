import type { KeyValue } from '../tracking/types.js';

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
  status: 'READY';
  tags: KeyValue[];
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creationTime: number;
  lastUpdateTime: number;
  description: string;
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
}

export interface RegistrySearch {
  filter: string;
  maxResults: number;
  orderBy: readonly string[];
  pageToken?: string;
}
