/**
 * JSON shapes of the MLflow-compatible API, as the server sends them.
 * int64 fields may arrive as numbers or numeric strings, and doubles may be "NaN"/"Infinity",
 * so raw values are typed loosely here and normalised in mlflow-client.ts.
 */

export type Int64 = number | string;
export type JsonDouble = number | string;

export interface KeyValue {
  key: string;
  value: string;
}

export interface ExperimentJson {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: Int64;
  last_update_time?: Int64;
  tags?: KeyValue[];
}

export interface MetricJson {
  key: string;
  value: JsonDouble;
  timestamp: Int64;
  step?: Int64;
  run_id?: string;
}

export interface RunInfoJson {
  run_id: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: string;
  start_time?: Int64;
  end_time?: Int64;
  artifact_uri?: string;
  lifecycle_stage?: string;
}

export interface DatasetInputJson {
  tags?: KeyValue[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema?: string; profile?: string };
}

export interface RunJson {
  info: RunInfoJson;
  data?: { metrics?: MetricJson[]; params?: KeyValue[]; tags?: KeyValue[] };
  inputs?: { dataset_inputs?: DatasetInputJson[] };
}

export interface FileInfoJson {
  path: string;
  is_dir?: boolean;
  file_size?: Int64;
}
