/** Cairn's TypeScript SDK: a typed client of the native API (`/api/v1`). */
export { CairnClient, type StartRunOptions } from './cairn-client.js';
export { ActiveRun, type BatchingOptions } from './active-run.js';
export { ExperimentsApi } from './experiments-api.js';
export { RunsApi, type RunSearchOptions } from './runs-api.js';
export { ArtifactsApi } from './artifacts-api.js';
export { ModelsApi, type CreateVersionOptions, type ModelListOptions } from './models-api.js';
export { CairnApiError, type ClientOptions } from './transport.js';
export { readGitInfo, sourceTags, sourceTagKeys, type GitInfo } from './git-info.js';
export type * from './types.js';
