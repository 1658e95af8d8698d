import { invalidArgument } from '../errors.js';
import type { ModelSignature, TensorSpec } from '../registry/model-files.js';
import { shapeSize, type Tensor } from './tensor.js';
import { checkAgainstSpec, defaultRequestLimits, flattenData, inferShape, servableDatatype, tooManyElements, type RequestLimits } from './tensor-shape.js';
import { toTensorData } from './tensor-values.js';

/**
 * What an MLflow-style body holds before it meets the model's signature: either named values (the
 * columns of a DataFrame, the keys of `inputs` or of `instances` objects), each nested lists of any
 * depth, or one unnamed tensor (`instances` rows, an `inputs` list).
 */
export type Payload =
  | { kind: 'named'; values: Array<[string, unknown[]]>; rows: number; tabular: boolean }
  | { kind: 'tensor'; value: unknown[] };

/**
 * Maps a payload to the model's inputs. Values are cast to the signature's datatypes (as MLflow
 * does); `tabular` payloads (DataFrames) also read null as NaN in float columns. Rules, in order:
 * 1. an empty batch gives every input an empty tensor ([0, fixed dims...]);
 * 2. one unnamed tensor needs a model with exactly one input;
 * 3. named values that cover every input are matched by name; extra names are ignored (MLflow does the same);
 * 4. otherwise, when the model has ONE 2-D input and every value is one column of scalars, the
 *    columns are stacked in the order the request gives them into [rows, columns];
 * 5. otherwise the missing inputs are named.
 * A value of lower rank than its input gets trailing dimensions of 1 when the signature has 1 there
 * (a column [n] feeds an input [-1, 1]).
 */
export function mapToSignature(payload: Payload, signature: ModelSignature | null, limits: RequestLimits = defaultRequestLimits): Tensor[] {
  if (signature === null || signature.inputs.length === 0) {
    throw invalidArgument('the model version has no input signature, so tabular requests cannot be mapped to its inputs; use the Open Inference Protocol');
  }
  const specs = signature.inputs;
  const budget = { left: limits.maxElements };
  const rows = payload.kind === 'named' ? payload.rows : payload.value.length;
  if (rows === 0) return specs.map(emptyTensor);
  if (payload.kind === 'tensor') {
    if (specs.length !== 1) {
      throw invalidArgument(`the model has ${specs.length} inputs (${names(specs)}); send an object keyed by input name instead of one list`);
    }
    return [toInput(specs[0] as TensorSpec, payload.value, false, limits, budget)];
  }
  if (payload.values.length > limits.maxInputs) throw invalidArgument(`the request has ${payload.values.length} columns; at most ${limits.maxInputs} are accepted`);
  const byName = new Map(payload.values);
  const missing = specs.filter((spec) => !byName.has(spec.name));
  if (missing.length === 0) {
    return specs.map((spec) => toInput(spec, byName.get(spec.name) as unknown[], payload.tabular, limits, budget));
  }
  const only = specs.length === 1 ? (specs[0] as TensorSpec) : null;
  if (only !== null && only.shape?.length === 2 && payload.values.every(([, column]) => column.every((v) => !Array.isArray(v)))) {
    return [stackColumns(only, payload.values, rows, payload.tabular, limits)];
  }
  throw invalidArgument(`missing input ${missing.map((spec) => `'${spec.name}'`).join(', ')}; the request has ${payload.values.map(([name]) => `'${name}'`).join(', ')}`);
}

function toInput(spec: TensorSpec, value: unknown[], tabular: boolean, limits: RequestLimits, budget: { left: number }): Tensor {
  const datatype = servableDatatype(spec);
  let shape = inferShape(value, spec.name, limits.maxRank);
  if (spec.shape !== null && shape.length < spec.shape.length && spec.shape.slice(shape.length).every((dim) => dim === 1)) {
    shape = [...shape, ...spec.shape.slice(shape.length)];
  }
  checkAgainstSpec(spec.name, datatype, shape, spec);
  if (shapeSize(shape) > budget.left) throw tooManyElements(limits.maxElements, spec.name);
  const flat = flattenData(value, spec.name, budget.left, shape.length);
  budget.left -= flat.length;
  return { name: spec.name, datatype, shape, data: toTensorData(spec.name, datatype, flat, { nullAsNaN: tabular }) };
}

function stackColumns(spec: TensorSpec, columns: Array<[string, unknown[]]>, rows: number, tabular: boolean, limits: RequestLimits): Tensor {
  const datatype = servableDatatype(spec);
  const width = spec.shape?.[1] ?? -1;
  if (width >= 0 && columns.length !== width) {
    throw invalidArgument(`input '${spec.name}' takes ${width} columns in order; the request has ${columns.length} (${columns.map(([name]) => `'${name}'`).join(', ')})`);
  }
  const uneven = columns.find(([, column]) => column.length !== rows);
  if (uneven !== undefined) throw invalidArgument(`column '${uneven[0]}' has ${uneven[1].length} values; the other columns have ${rows}`);
  const shape = [rows, columns.length];
  checkAgainstSpec(spec.name, datatype, shape, spec);
  if (shapeSize(shape) > limits.maxElements) throw tooManyElements(limits.maxElements, spec.name);
  const flat: unknown[] = new Array(rows * columns.length);
  columns.forEach(([, column], j) => {
    for (let i = 0; i < rows; i++) flat[i * columns.length + j] = column[i];
  });
  return { name: spec.name, datatype, shape, data: toTensorData(spec.name, datatype, flat, { nullAsNaN: tabular }) };
}

function emptyTensor(spec: TensorSpec): Tensor {
  const datatype = servableDatatype(spec);
  const shape = spec.shape === null || spec.shape.length === 0 ? [0] : [0, ...spec.shape.slice(1).map((dim) => Math.max(dim, 0))];
  return { name: spec.name, datatype, shape, data: toTensorData(spec.name, datatype, []) };
}

function names(specs: readonly TensorSpec[]): string {
  return specs.map((spec) => `'${spec.name}'`).join(', ');
}
