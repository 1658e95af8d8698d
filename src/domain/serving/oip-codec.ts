import { invalidArgument } from '../errors.js';
import type { ModelSignature, TensorSpec } from '../registry/model-files.js';
import { shapeSize, type Tensor, type TensorDatatype } from './tensor.js';
import { checkAgainstSpec, defaultRequestLimits, flattenData, servableDatatype, tooManyElements, type RequestLimits } from './tensor-shape.js';
import { isJsonDatatype, tensorDataToJson, toTensorData } from './tensor-values.js';

/** OIP `$parameters`: string, number or boolean values. Other values are dropped, since unknown parameters are ignored. */
export type InferParameters = Record<string, string | number | boolean>;

/** A validated Open Inference Protocol v2 request. */
export interface InferRequest {
  /** The caller's id, echoed in the response; null when none was sent. */
  id: string | null;
  parameters: InferParameters;
  /** In the order the request listed them. */
  inputs: Tensor[];
  /** Output names asked for, in the order to return them; null for every output. */
  outputs: string[] | null;
}

export interface InferResponseOutput {
  name: string;
  datatype: TensorDatatype;
  shape: number[];
  data: Array<number | string | boolean>;
}

export interface InferResponseBody {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: InferParameters;
  outputs: InferResponseOutput[];
}

/**
 * Parses and validates an inference request body (already JSON-parsed) against the model's
 * signature. Every refusal is INVALID_ARGUMENT naming the input and what was expected (LIMIT_EXCEEDED
 * past `limits`). With no signature the request is only checked for consistency with itself.
 */
export function parseInferRequest(body: unknown, signature: ModelSignature | null, limits: RequestLimits = defaultRequestLimits): InferRequest {
  const fields = asObject(body, 'the request body');
  const id = fields['id'];
  if (id !== undefined && id !== null && typeof id !== 'string') throw invalidArgument("'id' must be a string");
  const rawInputs = fields['inputs'];
  if (!Array.isArray(rawInputs)) throw invalidArgument("'inputs' must be a list of tensors");
  if (rawInputs.length > limits.maxInputs) throw invalidArgument(`the request has ${rawInputs.length} inputs; at most ${limits.maxInputs} are accepted`);

  const specs = new Map((signature?.inputs ?? []).map((spec) => [spec.name, spec]));
  const seen = new Set<string>();
  let budget = limits.maxElements;
  const inputs = rawInputs.map((raw, position): Tensor => {
    const tensor = parseInput(raw, position, specs, signature !== null, limits, budget);
    if (seen.has(tensor.name)) throw invalidArgument(`input '${tensor.name}' is given twice`);
    seen.add(tensor.name);
    budget -= tensor.data.length;
    return tensor;
  });
  const missing = (signature?.inputs ?? []).filter((spec) => !seen.has(spec.name));
  if (missing.length > 0) {
    throw invalidArgument(`missing input ${missing.map((spec) => `'${spec.name}' (${spec.datatype}, shape ${showShape(spec.shape)})`).join(', ')}`);
  }
  return {
    id: typeof id === 'string' ? id : null,
    parameters: parseParameters(fields['parameters'], 'the request'),
    inputs,
    outputs: parseRequestedOutputs(fields['outputs'], signature),
  };
}

/** Builds the response body: outputs filtered and ordered as requested, the request id echoed. */
export function buildInferResponse(answer: {
  modelName: string;
  modelVersion?: string;
  id: string | null;
  outputs: readonly Tensor[];
  requested: readonly string[] | null;
  parameters?: InferParameters;
}): InferResponseBody {
  const byName = new Map(answer.outputs.map((tensor) => [tensor.name, tensor]));
  const chosen = answer.requested === null ? [...answer.outputs] : answer.requested.flatMap((name) => byName.get(name) ?? []);
  return {
    model_name: answer.modelName,
    ...(answer.modelVersion === undefined ? {} : { model_version: answer.modelVersion }),
    ...(answer.id === null ? {} : { id: answer.id }),
    ...(answer.parameters === undefined ? {} : { parameters: answer.parameters }),
    outputs: chosen.map((tensor) => ({
      name: tensor.name,
      datatype: tensor.datatype,
      shape: tensor.shape,
      data: tensorDataToJson(tensor.data, tensor.datatype),
    })),
  };
}

function parseInput(raw: unknown, position: number, specs: Map<string, TensorSpec>, checked: boolean, limits: RequestLimits, budget: number): Tensor {
  const fields = asObject(raw, `input ${position}`);
  const name = fields['name'];
  if (typeof name !== 'string' || name === '') throw invalidArgument(`input ${position} has no 'name'`);
  const spec = specs.get(name);
  if (checked && spec === undefined) {
    throw invalidArgument(`unknown input '${name}'; the model's inputs are ${[...specs.keys()].map((n) => `'${n}'`).join(', ') || 'none'}`);
  }
  const datatype = fields['datatype'];
  if (typeof datatype !== 'string') throw invalidArgument(`input '${name}' has no 'datatype'`);
  if (!isJsonDatatype(datatype)) {
    throw invalidArgument(`input '${name}' has datatype ${datatype}, which JSON requests cannot carry (use BOOL, INT8..INT64, UINT8..UINT64, FP32, FP64 or BYTES)`);
  }
  const shape = parseShape(fields['shape'], name, limits);
  if (spec !== undefined) {
    servableDatatype(spec);
    checkAgainstSpec(name, datatype, shape, spec);
  }
  const params = fields['parameters'];
  const data = fields['data'];
  if (data === undefined && typeof params === 'object' && params !== null && 'binary_data_size' in params) {
    throw invalidArgument(`input '${name}' is sent as binary data, which this server does not accept; send 'data' as JSON`);
  }
  if (!Array.isArray(data)) throw invalidArgument(`input '${name}' has no 'data' list`);
  const expected = shapeSize(shape);
  if (expected > budget) throw tooManyElements(limits.maxElements, name);
  // Natural nesting is as deep as the rank; a flat list is one level.
  const flat = flattenData(data, name, budget, Math.max(shape.length, 1));
  if (flat.length !== expected) {
    throw invalidArgument(`input '${name}' has ${flat.length} elements; shape [${shape.join(',')}] needs ${expected}`);
  }
  return { name, datatype, shape, data: toTensorData(name, datatype, flat) };
}

function parseShape(raw: unknown, name: string, limits: RequestLimits): number[] {
  if (!Array.isArray(raw) || raw.some((dim) => typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0)) {
    throw invalidArgument(`input '${name}' needs 'shape', a list of non-negative integers`);
  }
  if (raw.length > limits.maxRank) throw invalidArgument(`input '${name}' has ${raw.length} dimensions; at most ${limits.maxRank} are accepted`);
  return raw as number[];
}

function parseRequestedOutputs(raw: unknown, signature: ModelSignature | null): string[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) throw invalidArgument("'outputs' must be a list of {name}");
  const known = new Set((signature?.outputs ?? []).map((spec) => spec.name));
  const names = raw.map((entry, position) => {
    const fields = asObject(entry, `requested output ${position}`);
    const name = fields['name'];
    if (typeof name !== 'string' || name === '') throw invalidArgument(`requested output ${position} has no 'name'`);
    if (signature !== null && !known.has(name)) {
      throw invalidArgument(`unknown output '${name}'; the model's outputs are ${[...known].map((n) => `'${n}'`).join(', ') || 'none'}`);
    }
    const params = fields['parameters'];
    if (typeof params === 'object' && params !== null && (params as Record<string, unknown>)['binary_data'] === true) {
      throw invalidArgument(`output '${name}' asks for binary data, which this server does not send`);
    }
    return name;
  });
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw invalidArgument(`output '${duplicate}' is requested twice`);
  return names;
}

function parseParameters(raw: unknown, where: string): InferParameters {
  if (raw === undefined || raw === null) return {};
  const fields = asObject(raw, `the parameters of ${where}`);
  const kept: InferParameters = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') kept[key] = value;
  }
  return kept;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

function showShape(shape: number[] | null): string {
  return shape === null ? 'any' : `[${shape.join(',')}]`;
}
