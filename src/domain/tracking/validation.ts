/**
 * MLflow's server-side limits (reference sheet §8), restated. Every check throws INVALID_ARGUMENT
 * with a message that names the offending field, so a client can fix its request.
 */
import { invalidArgument } from '../errors.js';
import { runStatuses, type BulkIntervalQuery, type DatasetInput, type KeyValue, type Metric, type RunStatus } from './types.js';

export const limits = {
  keyLength: 250,
  paramValueLength: 6000,
  runTagValueLength: 8000,
  experimentTagKeyLength: 250,
  experimentTagValueLength: 5000,
  experimentNameLength: 500,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchTotal: 1000,
  datasetNameLength: 500,
  datasetDigestLength: 36,
  datasetSourceLength: 65535,
  datasetSchemaLength: 1048575,
  datasetProfileLength: 16777215,
  inputTagKeyLength: 255,
  inputTagValueLength: 500,
  searchRunsMaxResults: 50000,
  searchExperimentsMaxResults: 50000,
  metricHistoryMaxResults: 1_000_000,
  bulkIntervalRuns: 100,
  bulkIntervalMaxResults: 2500,
} as const;

export type KeyKind = 'metric' | 'param' | 'tag' | 'experiment tag';

// Letters and digits of any script (as Python's \w), underscore, dash, period, space, slash, colon.
const keyCharacters = /^[\p{L}\p{N}\p{M}_\-. /:]*$/u;
const runIdFormat = /^[a-zA-Z0-9][\w-]{0,255}$/;
const experimentIdFormat = /^[a-zA-Z0-9][\w-]{0,63}$/;

/** A key must be a safe relative path: the same after normalisation, not absolute, not climbing up. */
export function validateKey(kind: KeyKind, key: string, field = 'key'): void {
  if (key.length > limits.keyLength) {
    throw invalidArgument(`${field}: ${kind} key '${key.slice(0, 40)}...' has ${key.length} characters, more than the limit of ${limits.keyLength}`);
  }
  if (!keyCharacters.test(key)) {
    throw invalidArgument(
      `${field}: invalid ${kind} key '${key}'; keys may only contain letters, digits, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)`,
    );
  }
  if (key === '' || key.startsWith('/') || key.startsWith('..') || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw invalidArgument(
      `${field}: invalid ${kind} key '${key}'; a key must be a normalised relative path (not empty, no leading '/', no '..', './' or '//', no trailing '/')`,
    );
  }
}

export function validateLength(field: string, value: string, max: number): void {
  if (value.length > max) {
    throw invalidArgument(`${field}: value of length ${value.length} is longer than the limit of ${max} characters`);
  }
}

export function validateRunId(runId: string, field = 'run_id'): void {
  if (!runIdFormat.test(runId)) throw invalidArgument(`${field}: '${runId.slice(0, 300)}' is not a valid run id`);
}

export function validateExperimentId(experimentId: string, field = 'experiment_id'): void {
  if (!experimentIdFormat.test(experimentId)) throw invalidArgument(`${field}: '${experimentId.slice(0, 100)}' is not a valid experiment id`);
}

export function validateExperimentName(name: string, field = 'name'): void {
  if (name.trim() === '') throw invalidArgument(`${field}: experiment name must not be empty`);
  validateLength(field, name, limits.experimentNameLength);
}

/** `prefix` locates the item in the request, e.g. `metrics[3].`; empty for single-item endpoints. */
export function validateMetric(metric: Metric, prefix = ''): void {
  validateKey('metric', metric.key, `${prefix}key`);
  validateMetricNumbers(metric, prefix);
}

function validateMetricNumbers(metric: Metric, prefix: string): void {
  if (typeof metric.value !== 'number') throw invalidArgument(`${prefix}value: must be a number (or "NaN", "Infinity", "-Infinity")`);
  if (!Number.isSafeInteger(metric.timestamp) || metric.timestamp < 0) {
    throw invalidArgument(`${prefix}timestamp: must be a non-negative integer (epoch milliseconds), got ${metric.timestamp}`);
  }
  if (!Number.isSafeInteger(metric.step)) throw invalidArgument(`${prefix}step: must be an integer, got ${metric.step}`);
}

/** Checks a batch of metrics; each distinct key is checked once (batches repeat few keys many times). */
export function validateMetrics(metrics: readonly Metric[]): void {
  const goodKeys = new Set<string>();
  for (let i = 0; i < metrics.length; i += 1) {
    const metric = metrics[i]!;
    if (!goodKeys.has(metric.key)) {
      validateKey('metric', metric.key, `metrics[${i}].key`);
      goodKeys.add(metric.key);
    }
    validateMetricNumbers(metric, `metrics[${i}].`);
  }
}

export function validateParam(param: KeyValue, prefix = ''): void {
  validateKey('param', param.key, `${prefix}key`);
  validateLength(`${prefix}value`, param.value, limits.paramValueLength);
}

export function validateRunTag(tag: KeyValue, prefix = ''): void {
  validateKey('tag', tag.key, `${prefix}key`);
  validateLength(`${prefix}value`, tag.value, limits.runTagValueLength);
}

export function validateExperimentTag(tag: KeyValue, prefix = ''): void {
  validateKey('experiment tag', tag.key, `${prefix}key`);
  validateLength(`${prefix}key`, tag.key, limits.experimentTagKeyLength);
  validateLength(`${prefix}value`, tag.value, limits.experimentTagValueLength);
}

export function validateBatchCounts(metrics: number, params: number, tags: number): void {
  const over = (what: string, count: number, max: number): void => {
    if (count > max) throw invalidArgument(`${what}: a batch may hold at most ${max} ${what}, got ${count}`);
  };
  over('metrics', metrics, limits.batchMetrics);
  over('params', params, limits.batchParams);
  over('tags', tags, limits.batchTags);
  const total = metrics + params + tags;
  if (total > limits.batchTotal) throw invalidArgument(`a batch may hold at most ${limits.batchTotal} metrics, params and tags in total, got ${total}`);
}

/** Two different values for one param key in a batch can never both be kept; MLflow rejects any repeat. */
export function validateUniqueParamKeys(params: readonly KeyValue[]): void {
  const seen = new Set<string>();
  for (const { key } of params) {
    if (seen.has(key)) throw invalidArgument(`params: duplicate param key '${key}' in one batch`);
    seen.add(key);
  }
}

export function validateDatasetInput(input: DatasetInput, field: string): void {
  const { dataset } = input;
  const required = (name: string, value: string): void => {
    if (value === '') throw invalidArgument(`${field}.dataset.${name}: required`);
  };
  required('name', dataset.name);
  required('digest', dataset.digest);
  required('source_type', dataset.sourceType);
  required('source', dataset.source);
  validateLength(`${field}.dataset.name`, dataset.name, limits.datasetNameLength);
  validateLength(`${field}.dataset.digest`, dataset.digest, limits.datasetDigestLength);
  validateLength(`${field}.dataset.source`, dataset.source, limits.datasetSourceLength);
  if (dataset.schema !== undefined) validateLength(`${field}.dataset.schema`, dataset.schema, limits.datasetSchemaLength);
  if (dataset.profile !== undefined) validateLength(`${field}.dataset.profile`, dataset.profile, limits.datasetProfileLength);
  input.tags.forEach((tag, index) => {
    if (tag.key === '') throw invalidArgument(`${field}.tags[${index}].key: required`);
    validateLength(`${field}.tags[${index}].key`, tag.key, limits.inputTagKeyLength);
    validateLength(`${field}.tags[${index}].value`, tag.value, limits.inputTagValueLength);
  });
}

/** `max_results`: a positive integer not above the endpoint's maximum. */
export function validateMaxResults(value: number, max: number, field = 'max_results'): void {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw invalidArgument(`${field}: must be an integer between 1 and ${max}, got ${value}`);
  }
}

export function validateRunUpdate(update: { status?: RunStatus; endTime?: number; runName?: string }): void {
  if (update.status !== undefined && !runStatuses.includes(update.status)) throw invalidArgument(`status: unknown run status '${update.status}'`);
  if (update.endTime !== undefined && (!Number.isSafeInteger(update.endTime) || update.endTime < 0)) {
    throw invalidArgument('end_time: must be a non-negative integer (epoch milliseconds)');
  }
  if (update.runName !== undefined) validateLength('run_name', update.runName, limits.runTagValueLength);
}

export function validateBulkIntervalQuery(query: BulkIntervalQuery): void {
  if (query.runIds.length === 0) throw invalidArgument('run_ids: at least one run id is required');
  if (query.runIds.length > limits.bulkIntervalRuns) {
    throw invalidArgument(`run_ids: at most ${limits.bulkIntervalRuns} runs per request, got ${query.runIds.length}`);
  }
  query.runIds.forEach((id, i) => validateRunId(id, `run_ids[${i}]`));
  validateKey('metric', query.key, 'metric_key');
  validateMaxResults(query.maxResults, limits.bulkIntervalMaxResults);
  if ((query.startStep === undefined) !== (query.endStep === undefined)) throw invalidArgument('start_step and end_step: give both or neither');
  if (query.startStep !== undefined && query.endStep !== undefined && query.startStep > query.endStep) {
    throw invalidArgument(`start_step: ${query.startStep} is greater than end_step ${query.endStep}`);
  }
}
