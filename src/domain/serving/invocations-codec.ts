import { invalidArgument } from '../errors.js';
import { CsvBody, parseCsvInvocation } from './csv-invocations.js';
import type { ModelSignature } from '../registry/model-files.js';
import { mapToSignature, type Payload } from './signature-mapping.js';
import type { Tensor } from './tensor.js';
import { defaultRequestLimits, nestData, type RequestLimits } from './tensor-shape.js';
import { tensorDataToJson } from './tensor-values.js';

/** The four JSON bodies MLflow's scoring server (`/invocations`) accepts; exactly one per request. */
export const invocationFormats = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;
export type InvocationFormat = (typeof invocationFormats)[number];

export interface InvocationRequest {
  format: InvocationFormat | 'csv';
  inputs: Tensor[];
  /** MLflow's `params` (passed to `predict(params=...)`); kept for logging, ONNX models take none. */
  params: Record<string, unknown>;
}

/**
 * Parses an `/invocations` body: JSON (already parsed) or CSV (csv-invocations.ts) into the model's input tensors. See
 * `mapToSignature` for how columns and tensors meet the signature.
 */
export function parseInvocationRequest(body: unknown, signature: ModelSignature | null, limits: RequestLimits = defaultRequestLimits): InvocationRequest {
  if (body instanceof CsvBody) return { format: 'csv', inputs: parseCsvInvocation(body, signature, limits), params: {} };
  const fields = asObject(body, 'the request body');
  const present = invocationFormats.filter((key) => key in fields);
  const others = Object.keys(fields).filter((key) => key !== 'params' && !(invocationFormats as readonly string[]).includes(key));
  if (present.length !== 1 || others.length > 0) {
    throw invalidArgument(
      `the body must have exactly one of ${invocationFormats.map((f) => `'${f}'`).join(', ')} (and optionally 'params')` +
        (others.length > 0 ? `; unexpected ${others.map((k) => `'${k}'`).join(', ')}` : `; it has ${present.length}`),
    );
  }
  const format = present[0] as InvocationFormat;
  const params = fields['params'] === undefined ? {} : asObject(fields['params'], "'params'");
  return { format, inputs: mapToSignature(readPayload(format, fields[format]), signature, limits), params };
}

/**
 * The native predict body `{"records": [{column: value}, ...]}`: the rows of a DataFrame, read as
 * `dataframe_records`.
 */
export function parseRecordsRequest(body: unknown, signature: ModelSignature | null, limits: RequestLimits = defaultRequestLimits): Tensor[] {
  const fields = asObject(body, 'the request body');
  const others = Object.keys(fields).filter((key) => key !== 'records');
  if (!('records' in fields) || others.length > 0) throw invalidArgument("the body must be {\"records\": [{column: value}, ...]}");
  return mapToSignature(readRecords(fields['records'], "'records'"), signature, limits);
}

/**
 * MLflow's answer `{"predictions": ...}`: one output as its nested lists (an ndarray's `tolist()`),
 * several outputs as an object of nested lists keyed by output name.
 */
export function buildInvocationResponse(outputs: readonly Tensor[]): { predictions: unknown } {
  if (outputs.length === 1) return { predictions: nested(outputs[0] as Tensor) };
  return { predictions: Object.fromEntries(outputs.map((tensor) => [tensor.name, nested(tensor)])) };
}

/**
 * The native predict answer: one prediction per record. With one output a prediction is that
 * output's row (a value or a list); with several it is an object keyed by output name.
 */
export function buildRecordsResponse(outputs: readonly Tensor[]): { predictions: unknown[] } {
  const rowsOf = outputs.map((tensor): [string, unknown[]] => {
    const value = nested(tensor);
    return [tensor.name, Array.isArray(value) ? value : [value]];
  });
  const count = Math.max(0, ...rowsOf.map(([, rows]) => rows.length));
  const predictions = Array.from({ length: count }, (_, i) =>
    rowsOf.length === 1 ? (rowsOf[0] as [string, unknown[]])[1][i] : Object.fromEntries(rowsOf.map(([name, rows]) => [name, rows[i]])),
  );
  return { predictions };
}

function readPayload(format: InvocationFormat, value: unknown): Payload {
  switch (format) {
    case 'dataframe_split':
      return readSplit(value);
    case 'dataframe_records':
      return readRecords(value, "'dataframe_records'");
    case 'instances':
      return readInstances(value);
    case 'inputs':
      return readInputs(value);
  }
}

/** pandas "split" orient: `{columns?, data, index?}`; without `columns` the columns are named 0, 1, ... */
function readSplit(value: unknown): Payload {
  const fields = asObject(value, "'dataframe_split'");
  const data = fields['data'];
  if (!Array.isArray(data) || data.some((row) => !Array.isArray(row))) throw invalidArgument("'dataframe_split.data' must be a list of rows (lists)");
  const rows = data as unknown[][];
  const columns = fields['columns'] ?? Array.from({ length: rows[0]?.length ?? 0 }, (_, j) => String(j));
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string' && typeof c !== 'number')) {
    throw invalidArgument("'dataframe_split.columns' must be a list of column names");
  }
  rows.forEach((row, i) => {
    if (row.length !== columns.length) throw invalidArgument(`'dataframe_split.data' row ${i} has ${row.length} values; there are ${columns.length} columns`);
  });
  const values = columns.map((column, j): [string, unknown[]] => [String(column), rows.map((row) => row[j])]);
  return { kind: 'named', values: unique(values), rows: rows.length, tabular: true };
}

/** A list of row objects; a column a row leaves out is null there (pandas: NaN). */
function readRecords(value: unknown, what: string): Payload {
  if (!Array.isArray(value)) throw invalidArgument(`${what} must be a list of row objects`);
  const rows = value.map((row, i) => asObject(row, `${what} row ${i}`));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const values = columns.map((column): [string, unknown[]] => [column, rows.map((row) => (column in row ? row[column] : null))]);
  return { kind: 'named', values, rows: rows.length, tabular: true };
}

/** TF-serving rows: a list of tensors, or a list of objects whose keys are stacked per name. */
function readInstances(value: unknown): Payload {
  if (!Array.isArray(value)) throw invalidArgument("'instances' must be a list");
  const isObject = (item: unknown): boolean => typeof item === 'object' && item !== null && !Array.isArray(item);
  if (value.length === 0 || !value.every(isObject)) {
    if (value.some(isObject)) throw invalidArgument("'instances' must be all objects or all values/lists, not a mix");
    return { kind: 'tensor', value };
  }
  const rows = value as Array<Record<string, unknown>>;
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const values = keys.map((key): [string, unknown[]] => [key, rows.map((row) => (key in row ? row[key] : null))]);
  return { kind: 'named', values, rows: rows.length, tabular: false };
}

/** TF-serving columns: one tensor, or an object mapping input names to tensors. */
function readInputs(value: unknown): Payload {
  if (Array.isArray(value)) return { kind: 'tensor', value };
  const fields = asObject(value, "'inputs'");
  const values = Object.entries(fields).map(([name, tensor]): [string, unknown[]] => {
    if (!Array.isArray(tensor)) throw invalidArgument(`'inputs.${name}' must be a list (one entry per row)`);
    return [name, tensor];
  });
  // The batch is empty only when every tensor is; otherwise each is checked against its input.
  return { kind: 'named', values, rows: Math.max(0, ...values.map(([, tensor]) => tensor.length)), tabular: false };
}

function nested(tensor: Tensor): unknown {
  return nestData(tensorDataToJson(tensor.data, tensor.datatype), tensor.shape);
}

function unique(values: Array<[string, unknown[]]>): Array<[string, unknown[]]> {
  const seen = new Set<string>();
  for (const [name] of values) {
    if (seen.has(name)) throw invalidArgument(`column '${name}' appears twice`);
    seen.add(name);
  }
  return values;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
