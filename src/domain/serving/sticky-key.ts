import type { StickyRouting } from '../deployments/deployment.js';
import { CsvBody, firstCsvValue } from './csv-invocations.js';

/** Request headers as Node gives them (names in lower case). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * The key that pins a request to one version, or undefined when the request carries none (it is
 * then routed by a random draw). A header key is the header's value; an input key is the first
 * element of the named input, read from the raw body whatever its format, so the same field keys
 * the same caller over OIP, `/invocations` and records predict:
 * - OIP `inputs: [{name, data}]`: the input of that name;
 * - `dataframe_split {columns, data}`: that column of the first row;
 * - `dataframe_records`, `records`, `instances` (rows as objects): that field of the first row;
 * - `inputs: {name: values}` (MLflow's dict form): that entry;
 * - a CSV body: that column of the first row.
 */
export function stickyKey(sticky: StickyRouting, headers: RequestHeaders, body: unknown): string | undefined {
  if (sticky.source === 'header') {
    const value = headers[sticky.name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === '' ? undefined : first;
  }
  return scalarKey(inputValue(body, sticky.name));
}

/**
 * A key mapped to [0, 1), the same for the same key in every process and release: FNV-1a over the
 * key's UTF-16 code units, then a 32-bit avalanche so that keys differing in one character spread
 * over the whole range (weights of 90/10 must not all land on one side for similar user ids).
 */
export function stableDraw(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 4294967296;
}

function inputValue(body: unknown, name: string): unknown {
  if (body instanceof CsvBody) return firstCsvValue(body, name);
  if (!isObject(body)) return undefined;
  const inputs = body['inputs'];
  if (Array.isArray(inputs)) {
    // OIP: a list of named tensors.
    const tensor = inputs.find((t) => isObject(t) && t['name'] === name);
    if (tensor !== undefined) return firstElement((tensor as Record<string, unknown>)['data']);
    // MLflow's `inputs` as a list of rows (one unnamed tensor, or records).
    return rowField(inputs, name);
  }
  if (isObject(inputs)) return firstElement(inputs[name]);
  const split = body['dataframe_split'];
  if (isObject(split)) {
    const columns = split['columns'];
    const data = split['data'];
    const index = Array.isArray(columns) ? columns.indexOf(name) : -1;
    const row = Array.isArray(data) ? data[0] : undefined;
    return index >= 0 && Array.isArray(row) ? row[index] : undefined;
  }
  for (const key of ['dataframe_records', 'records', 'instances']) {
    const rows = body[key];
    if (Array.isArray(rows)) return rowField(rows, name);
  }
  return undefined;
}

function rowField(rows: readonly unknown[], name: string): unknown {
  const first = rows[0];
  return isObject(first) ? firstElement(first[name]) : undefined;
}

/** The first scalar of a value that may be nested lists (a tensor's data, flat or natural). */
function firstElement(value: unknown): unknown {
  let current = value;
  for (let depth = 0; Array.isArray(current) && depth < 32; depth += 1) current = current[0];
  return current;
}

function scalarKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
