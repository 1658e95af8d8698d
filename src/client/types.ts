/**
 * Entities of Cairn's native API as the SDK returns them: the domain's own types (imported for their
 * shape only, so the SDK loads nothing of the server). Times are Unix epoch milliseconds. Metric
 * values are plain numbers here: the SDK decodes the API's "NaN"/"Infinity" strings.
 * (A type test checks these against the server's zod schemas, so they cannot drift.)
 */

export type {
  Dataset,
  DatasetInput,
  Experiment,
  KeyValue,
  LifecycleStage,
  Metric,
  Run,
  RunInfo,
  RunStatus,
  ViewType,
} from '../domain/tracking/types.js';
import type { Experiment, Metric, Run, RunStatus, ViewType } from '../domain/tracking/types.js';
export type { ModelVersion, RegisteredModel } from '../domain/registry/types.js';
export type { CodeVersion, LineageDataset, LineageRun, ModelLineage } from '../domain/registry/lineage.js';
export type { CardCompleteness, CardField, EvaluationSummary, ModelCard, ModelCardFields, RiskTier } from '../domain/registry/model-card.js';
export type { ModelCardView } from '../domain/registry/model-card-service.js';
import type { ModelVersion, RegisteredModel } from '../domain/registry/types.js';

export interface ModelPage {
  models: RegisteredModel[];
  nextPageToken?: string;
}

export interface ModelDetail {
  model: RegisteredModel;
  /** Every version, newest first. */
  versions: ModelVersion[];
}

export type { ModelFile, ModelFormat, ModelSignature, TensorSpec } from '../domain/registry/model-files.js';
import type { ModelFile } from '../domain/registry/model-files.js';
import type { ModelLineage } from '../domain/registry/lineage.js';

/** One version with its recorded files (sizes and sha256 digests). */
export interface ModelVersionDetail {
  version: ModelVersion;
  files: ModelFile[];
}

/** Lineage as the API answers it: the version also carries its format, signature and files. */
export type ModelVersionLineage = Omit<ModelLineage, 'version'> & {
  version: ModelLineage['version'] & Pick<ModelVersion, 'format' | 'flavors' | 'signature'> & { files: ModelFile[] };
};

export interface FileInfo {
  /** Relative to the run's artifact root, e.g. `model/MLmodel`. */
  path: string;
  isDir: boolean;
  /** Absent for folders. */
  fileSize?: number;
}

export interface ExperimentPage {
  experiments: Experiment[];
  nextPageToken?: string;
}

export interface RunPage {
  runs: Run[];
  nextPageToken?: string;
}

export interface MetricHistory {
  metrics: Metric[];
  nextPageToken?: string;
}

export interface ArtifactListing {
  /** The run's artifact URI. */
  rootUri: string;
  /** Children of the listed folder, in path order. */
  files: FileInfo[];
}

export interface SearchOptions {
  /** Search grammar, e.g. `metrics.rmse < 0.5 AND params.model = 'gbm'`. */
  filter?: string;
  viewType?: ViewType;
  maxResults?: number;
  /** e.g. `['metrics.rmse ASC']`. */
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateExperimentOptions {
  artifactLocation?: string;
  tags?: Record<string, string>;
  /** Name of the project to create it in; the `default` project when absent. */
  project?: string;
}

export interface CreateRunOptions {
  /** Defaults to the Default experiment, "0". */
  experimentId?: string;
  runName?: string;
  startTime?: number;
  userId?: string;
  /** Makes the new run a child of this one. */
  parentRunId?: string;
  tags?: Record<string, string>;
}

export interface UpdateRunOptions {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export interface MetricPoint {
  key: string;
  value: number;
  /** Defaults to now. */
  timestamp?: number;
  /** Defaults to 0. */
  step?: number;
}

export interface LogBatchOptions {
  metrics?: MetricPoint[];
  params?: Record<string, string | number | boolean>;
  tags?: Record<string, string>;
}
