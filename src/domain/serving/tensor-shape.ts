import { invalidArgument, limitExceeded } from '../errors.js';
import type { TensorSpec } from '../registry/model-files.js';
import { isJsonDatatype, type JsonDatatype } from './tensor-values.js';

/**
 * Request limits of the JSON codecs. A JSON body of a million numbers is already ~10 MB and its
 * parsed form ~100 MB of JS values, so larger batches must be split by the caller.
 */
export interface RequestLimits {
  /** Elements over all inputs of one request. */
  maxElements: number;
  /** Inputs (OIP) or columns (tabular formats) in one request. */
  maxInputs: number;
  /** Dimensions of one tensor. */
  maxRank: number;
}

export const defaultRequestLimits: RequestLimits = { maxElements: 1_000_000, maxInputs: 1_000, maxRank: 16 };

/**
 * Flattens natural nested JSON arrays row-major; a flat list stays as it is. Nesting deeper than
 * `maxDepth` is refused before it can exhaust the stack.
 */
export function flattenData(data: readonly unknown[], input: string, maxElements: number, maxDepth: number): unknown[] {
  const flat: unknown[] = [];
  const walk = (items: readonly unknown[], depth: number): void => {
    if (depth > maxDepth) throw invalidArgument(`input '${input}': data is nested deeper than ${maxDepth} levels`);
    for (const item of items) {
      if (Array.isArray(item)) walk(item, depth + 1);
      else flat.push(item);
      if (flat.length > maxElements) throw tooManyElements(maxElements, input);
    }
  };
  walk(data, 1);
  return flat;
}

/** The shape of regular nested arrays (`[[1,2],[3,4]]` -> `[2,2]`); ragged nesting is refused. */
export function inferShape(value: unknown, input: string, maxRank: number): number[] {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level)) {
    if (shape.length === maxRank) throw invalidArgument(`input '${input}' has more than ${maxRank} dimensions`);
    shape.push(level.length);
    level = level[0];
  }
  const check = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) throw ragged(input);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) throw ragged(input);
    for (const child of node) check(child, depth + 1);
  };
  check(value, 0);
  return shape;
}

/** Flat row-major values back into nested lists of `shape`. */
export function nestData<T>(flat: readonly T[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const build = (offset: number, depth: number): unknown[] => {
    const dim = shape[depth] as number;
    if (depth === shape.length - 1) return flat.slice(offset, offset + dim);
    const stride = shape.slice(depth + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: dim }, (_, i) => build(offset + i * stride, depth + 1));
  };
  return build(0, 0);
}

/**
 * Checks a request tensor against the model's input spec: the datatype must be the same, and the
 * shape must have the spec's rank and its fixed dimensions (-1 matches any size; a null spec shape
 * matches any shape).
 */
export function checkAgainstSpec(input: string, datatype: string, shape: readonly number[], spec: TensorSpec): void {
  if (datatype !== spec.datatype) {
    throw invalidArgument(`input '${input}' has datatype ${datatype}; the model expects ${spec.datatype}`);
  }
  if (spec.shape === null) return;
  const expected = `[${spec.shape.join(',')}]`;
  if (shape.length !== spec.shape.length) {
    throw invalidArgument(`input '${input}' has shape [${shape.join(',')}] of rank ${shape.length}; the model expects rank ${spec.shape.length}, ${expected}`);
  }
  spec.shape.forEach((dim, i) => {
    if (dim >= 0 && shape[i] !== dim) {
      throw invalidArgument(`input '${input}' has shape [${shape.join(',')}]; dimension ${i} must be ${dim} (the model expects ${expected})`);
    }
  });
}

/** The spec's datatype when the JSON codecs can carry it; INVALID_ARGUMENT otherwise (FP16, maps, sequences). */
export function servableDatatype(spec: TensorSpec): JsonDatatype {
  if (!isJsonDatatype(spec.datatype)) {
    throw invalidArgument(`input '${spec.name}' is ${spec.datatype}, which JSON requests cannot carry`);
  }
  return spec.datatype;
}

export function tooManyElements(max: number, input: string): Error {
  return limitExceeded(`the request has more than ${max} elements (at input '${input}'); split it into smaller batches`);
}

function ragged(input: string): Error {
  return invalidArgument(`input '${input}': nested lists have uneven lengths; every row must have the same shape`);
}
