import type { TensorSpec } from '../registry/model-files.js';
import { shapeSize, type Tensor, type TensorData } from './tensor.js';

/**
 * Whether requests to a model can be stacked into one run: every input and every output has a
 * dynamic first dimension (-1), or an unknown shape (null, as exporters leave some outputs). A model
 * with a fixed batch size or a scalar runs singly. An unknown shape is checked when the outputs come
 * back: outputs whose first dimension is not the batch's row count cannot be split (`splitOutputs`),
 * and the batcher then runs the requests singly.
 */
export function isBatchable(signature: { inputs: readonly TensorSpec[]; outputs: readonly TensorSpec[] }): boolean {
  const dynamicFirst = (spec: TensorSpec) => spec.shape === null || (spec.shape.length >= 1 && spec.shape[0] === -1);
  return signature.inputs.length > 0 && signature.inputs.every(dynamicFirst) && signature.outputs.every(dynamicFirst);
}

/**
 * The rows one request brings (its inputs' shared first dimension), or undefined when its inputs
 * disagree on it (then it cannot share a run).
 */
export function rowCount(inputs: readonly Tensor[]): number | undefined {
  const first = inputs[0]?.shape[0];
  if (first === undefined) return undefined;
  return inputs.every((t) => t.shape[0] === first) ? first : undefined;
}

/**
 * What must match for two requests to be stacked: the same input names and datatypes and the same
 * sizes past the first dimension (a `[-1, -1]` input may differ in its second size between requests).
 */
export function stackingKey(inputs: readonly Tensor[]): string {
  return inputs
    .map((t) => `${t.name}:${t.datatype}:${t.shape.slice(1).join('x')}`)
    .sort()
    .join('|');
}

/** Stacks several requests' inputs (same names, datatypes and trailing sizes) along the first dimension. */
export function concatRequests(requests: readonly (readonly Tensor[])[]): Tensor[] {
  const first = requests[0];
  if (first === undefined) return [];
  if (requests.length === 1) return [...first];
  return first.map((template) => {
    const parts = requests.map((inputs) => {
      const found = inputs.find((t) => t.name === template.name);
      if (found === undefined) throw new Error(`input '${template.name}' is missing from a request of the batch`);
      return found;
    });
    const rows = parts.reduce((n, t) => n + (t.shape[0] ?? 0), 0);
    return { name: template.name, datatype: template.datatype, shape: [rows, ...template.shape.slice(1)], data: concatData(parts.map((t) => t.data)) };
  });
}

/**
 * Splits a batched run's outputs back into each request's rows, in order. Typed arrays are split
 * into views without copying. Returns undefined when an output's first dimension is not the total
 * row count (a model that does not keep rows apart): the caller then runs the requests singly.
 */
export function splitOutputs(outputs: readonly Tensor[], rows: readonly number[]): Tensor[][] | undefined {
  const total = rows.reduce((n, r) => n + r, 0);
  if (outputs.some((t) => t.shape[0] !== total)) return undefined;
  const result: Tensor[][] = rows.map(() => []);
  for (const output of outputs) {
    const inner = shapeSize(output.shape.slice(1));
    let offset = 0;
    rows.forEach((count, i) => {
      const data = sliceData(output.data, offset * inner, (offset + count) * inner);
      result[i]?.push({ name: output.name, datatype: output.datatype, shape: [count, ...output.shape.slice(1)], data });
      offset += count;
    });
  }
  return result;
}

function concatData(parts: readonly TensorData[]): TensorData {
  const head = parts[0];
  // Plain arrays (BYTES strings, or numbers from in-process callers) stay plain.
  if (head === undefined || parts.some((p) => Array.isArray(p))) return parts.flatMap((p) => Array.from(p as ArrayLike<number | string>)) as TensorData;
  const length = parts.reduce((n, p) => n + p.length, 0);
  type Typed = Exclude<TensorData, unknown[]>;
  const out = new (head.constructor as new (length: number) => Typed)(length);
  let offset = 0;
  for (const part of parts) {
    (out as { set(a: ArrayLike<unknown>, o: number): void }).set(part as Typed, offset);
    offset += part.length;
  }
  return out;
}

function sliceData(data: TensorData, start: number, end: number): TensorData {
  if (Array.isArray(data)) return data.slice(start, end) as TensorData;
  return (data as Exclude<TensorData, unknown[]>).subarray(start, end) as TensorData;
}
