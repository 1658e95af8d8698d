/**
 * Proto3-JSON as MLflow's Python client speaks it: snake_case names, unset fields left out, int64
 * accepted as numbers or numeric strings, doubles NaN/±Infinity as strings both ways, enums by name.
 */
import { z } from 'zod';
import { invalidArgument } from '../../../domain/errors.js';
import type { DatasetInput, Experiment, KeyValue, Metric, Run, RunInfo, RunMetric } from '../../../domain/tracking/types.js';
import { runStatuses } from '../../../domain/tracking/types.js';

// ---- request field types ----

/** int64: a JSON integer or a string of digits (how proto3-JSON and query strings carry it). */
export const mlflowInt64 = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const number = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) {
    ctx.addIssue({ code: 'custom', message: `expected an integer, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return number;
});

/** double: a JSON number, a numeric string, or "NaN" / "Infinity" / "-Infinity". */
export const mlflowDouble = z.union([z.number(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const special = specialDoubles.get(value);
  if (special !== undefined) return special;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (Number.isNaN(number)) {
    ctx.addIssue({ code: 'custom', message: `expected a number, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return number;
});

// A Map, so that names like 'constructor' are not found on a prototype.
const specialDoubles = new Map([['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['-Infinity', Number.NEGATIVE_INFINITY]]);

/**
 * A list of metrics, decoded by hand rather than by per-field zod unions: log-batch carries up to
 * 1000 of them and this is the ingestion hot path. Same rules as `mlflowDouble` / `mlflowInt64`.
 */
export const mlflowMetricList = z.unknown().optional().transform((value): Metric[] => {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const metrics: Metric[] = new Array(items.length);
  for (let i = 0; i < items.length; i += 1) metrics[i] = decodeMetric(items[i], `metrics[${i}]`);
  return metrics;
});

function decodeMetric(item: unknown, field: string): Metric {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidArgument(`Invalid value for parameter '${field}': expected an object`);
  const { key, value, timestamp, step } = item as Record<string, unknown>;
  if (typeof key !== 'string') throw fieldError(field, 'key', key, 'a string');
  return { key, value: decodeDouble(value, field), timestamp: decodeInt64(timestamp, `${field}.timestamp`, true), step: decodeInt64(step, `${field}.step`, false) };
}

function decodeDouble(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const special = specialDoubles.get(value);
    if (special !== undefined) return special;
    const number = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isNaN(number)) return number;
  }
  throw fieldError(field, 'value', value, 'a number');
}

function decodeInt64(value: unknown, field: string, required: boolean): number {
  if (value === undefined || value === null) {
    if (required) throw invalidArgument(`Missing value for required parameter '${field}'`);
    return 0;
  }
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw invalidArgument(`Invalid value for parameter '${field}': expected an integer, got ${JSON.stringify(value)}`);
  return number;
}

function fieldError(item: string, name: string, value: unknown, expected: string) {
  if (value === undefined || value === null) return invalidArgument(`Missing value for required parameter '${item}.${name}'`);
  return invalidArgument(`Invalid value for parameter '${item}.${name}': expected ${expected}, got ${JSON.stringify(value)?.slice(0, 50)}`);
}

/** Optional field; proto3-JSON treats `null` as unset. */
export const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** Repeated field; a query string sends one value as a plain string, so one value becomes a list. */
export const repeated = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]), z.array(schema));

export const mlflowKeyValue = z.object({ key: z.string(), value: optional(z.string()) }).transform(({ key, value }): KeyValue => ({ key, value: value ?? '' }));

const viewTypeNumbers = { '1': 'ACTIVE_ONLY', '2': 'DELETED_ONLY', '3': 'ALL' } as const;
export const mlflowViewType = z
  .union([z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']), z.enum(['1', '2', '3']).transform((n) => viewTypeNumbers[n]), z.literal([1, 2, 3]).transform((n) => viewTypeNumbers[`${n}`])])
  .optional()
  .nullable()
  .transform((value) => value ?? 'ACTIVE_ONLY');

export const mlflowRunStatus = z.union([
  z.enum(runStatuses),
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const status = runStatuses[Number(value) - 1];
    if (status === undefined || !/^\d+$/.test(String(value))) {
      ctx.addIssue({ code: 'custom', message: `expected one of ${runStatuses.join(', ')}` });
      return z.NEVER;
    }
    return status;
  }),
]);

/** run_id, or the deprecated run_uuid the client sends alongside it. */
export const runIdFields = { run_id: optional(z.string()), run_uuid: optional(z.string()) };

export function requireRunId(request: { run_id?: string | undefined; run_uuid?: string | undefined }): string {
  const runId = request.run_id || request.run_uuid;
  if (!runId) throw invalidArgument("Missing value for required parameter 'run_id'");
  return runId;
}

/** Validates `input` against `schema`; the first problem becomes INVALID_ARGUMENT naming the field. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('') ?? '';
  if (field === '') throw invalidArgument(`Invalid request: ${issue?.message ?? 'malformed'}`);
  if (issue?.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    throw invalidArgument(`Missing value for required parameter '${field}'`);
  }
  throw invalidArgument(`Invalid value for parameter '${field}': ${issue?.message ?? 'malformed'}`);
}

// ---- responses ----

export function encodeDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

const keyValueJson = (kv: KeyValue) => ({ key: kv.key, value: kv.value });

export function experimentJson(experiment: Experiment): Record<string, unknown> {
  const json: Record<string, unknown> = {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
  };
  if (experiment.tags.length > 0) json['tags'] = experiment.tags.map(keyValueJson);
  return json;
}

export function runInfoJson(info: RunInfo): Record<string, unknown> {
  const json: Record<string, unknown> = {
    run_id: info.runId,
    run_uuid: info.runId,
    run_name: info.runName,
    experiment_id: info.experimentId,
    user_id: info.userId,
    status: info.status,
    start_time: info.startTime,
  };
  // The client treats a missing end_time as "still running".
  if (info.endTime !== null) json['end_time'] = info.endTime;
  json['artifact_uri'] = info.artifactUri;
  json['lifecycle_stage'] = info.lifecycleStage;
  return json;
}

export function metricJson(metric: Metric): Record<string, unknown> {
  return { key: metric.key, value: encodeDouble(metric.value), timestamp: metric.timestamp, step: metric.step };
}

export function runMetricJson(metric: RunMetric): Record<string, unknown> {
  return { ...metricJson(metric), run_id: metric.runId };
}

export function datasetInputJson(input: DatasetInput): Record<string, unknown> {
  const { dataset } = input;
  const datasetJson: Record<string, unknown> = { name: dataset.name, digest: dataset.digest, source_type: dataset.sourceType, source: dataset.source };
  if (dataset.schema !== undefined) datasetJson['schema'] = dataset.schema;
  if (dataset.profile !== undefined) datasetJson['profile'] = dataset.profile;
  const json: Record<string, unknown> = { dataset: datasetJson };
  if (input.tags.length > 0) json['tags'] = input.tags.map(keyValueJson);
  return json;
}

export function runJson(run: Run): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (run.data.metrics.length > 0) data['metrics'] = run.data.metrics.map(metricJson);
  if (run.data.params.length > 0) data['params'] = run.data.params.map(keyValueJson);
  if (run.data.tags.length > 0) data['tags'] = run.data.tags.map(keyValueJson);
  const inputs: Record<string, unknown> = {};
  if (run.inputs.datasetInputs.length > 0) inputs['dataset_inputs'] = run.inputs.datasetInputs.map(datasetInputJson);
  return { info: runInfoJson(run.info), data, inputs };
}

/** Adds `next_page_token` only when another page follows: an empty token ends the client's loop. */
export function withPageToken(json: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
  if (token) json['next_page_token'] = token;
  return json;
}
