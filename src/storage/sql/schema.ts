import type { Generated } from 'kysely';

/** Kysely table types. Booleans are stored as 0/1 integers so one query serves both dialects. */
export interface ExperimentsTable {
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  id: Generated<number>;
  run_uuid: string;
  experiment_id: number;
  name: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: string;
  deleted_time: number | null;
}

export interface KeyValueTable {
  run_id: number;
  key: string;
  value: string;
}

export interface MetricPointsTable {
  run_id: number;
  key: string;
  step: number;
  timestamp: number;
  /** 0 when `is_nan` is 1. */
  value: number;
  is_nan: number;
}

export type LatestMetricsTable = MetricPointsTable;

export interface DatasetsTable {
  id: Generated<number>;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface RunInputsTable {
  run_id: number;
  dataset_id: number;
  /** JSON array of {key, value}. */
  tags: string;
}

export interface ArtifactFilesTable {
  /** Path inside the artifact root, e.g. `3/<run>/artifacts/model/MLmodel`. Never starts with `/`. */
  path: string;
  size: number;
  sha256: string;
  created_time: number;
}

export interface Schema {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_tags: KeyValueTable;
  params: KeyValueTable;
  metric_points: MetricPointsTable;
  latest_metrics: LatestMetricsTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  artifact_files: ArtifactFilesTable;
}
