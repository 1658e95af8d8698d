import { invalidArgument } from '../../errors.js';
import type { ModelSignature, TensorSpec } from '../model-files.js';
import { parseYamlSubset, type YamlValue } from './yaml-subset.js';

/** What Cairn takes from an MLflow `MLmodel` file. */
export interface MlmodelInfo {
  /** Flavour names in file order, e.g. `['python_function', 'sklearn']`. */
  flavors: string[];
  /** The file each flavour names as its model data, for the flavours that name one (`onnx: model.onnx`). */
  flavorFiles: Record<string, string>;
  signature: ModelSignature | null;
}

/** MLflow column types -> Open Inference Protocol datatypes (see the OIP reference, section 9). */
const columnTypes: Record<string, string> = {
  double: 'FP64',
  float: 'FP32',
  long: 'INT64',
  integer: 'INT32',
  boolean: 'BOOL',
  string: 'BYTES',
  binary: 'BYTES',
};

/** numpy dtypes in tensor-based signatures. */
const numpyTypes: Record<string, string> = {
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  bool: 'BOOL',
  object: 'BYTES',
  str: 'BYTES',
  bytes: 'BYTES',
};

/** Reads an MLmodel file's text; INVALID_ARGUMENT when it is not the YAML mapping MLflow writes. */
export function parseMlmodel(text: string): MlmodelInfo {
  const document = parseYamlSubset(text);
  if (!isMapping(document)) throw invalidArgument('MLmodel: the file is not a YAML mapping');
  const flavorsNode = document['flavors'];
  const flavors = isMapping(flavorsNode) ? Object.keys(flavorsNode) : [];
  const flavorFiles: Record<string, string> = {};
  for (const flavor of flavors) {
    const config = (flavorsNode as Record<string, YamlValue>)[flavor];
    if (!isMapping(config)) continue;
    // Flavours name their data differently: onnx `data`, sklearn `pickled_model`, pyfunc `model_path`.
    const file = ['data', 'model_path', 'pickled_model', 'model_file'].map((key) => config[key]).find((value) => typeof value === 'string');
    if (typeof file === 'string') flavorFiles[flavor] = file;
  }
  return { flavors, flavorFiles, signature: readSignature(document['signature']) };
}

function readSignature(node: YamlValue | undefined): ModelSignature | null {
  if (!isMapping(node)) return null;
  const inputs = specs(node['inputs'], 'input');
  const outputs = specs(node['outputs'], 'output');
  if (inputs === null && outputs === null) return null;
  return { inputs: inputs ?? [], outputs: outputs ?? [] };
}

/** A signature side is a JSON array inside a YAML string: column specs or tensor specs. */
function specs(node: YamlValue | undefined, side: 'input' | 'output'): TensorSpec[] | null {
  if (typeof node !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(node);
  } catch {
    throw invalidArgument(`MLmodel: signature ${side}s are not valid JSON`);
  }
  if (!Array.isArray(parsed)) throw invalidArgument(`MLmodel: signature ${side}s are not a list`);
  return parsed.map((entry: unknown, i) => spec(entry, `${side}-${i}`, side));
}

function spec(entry: unknown, fallbackName: string, side: string): TensorSpec {
  if (typeof entry !== 'object' || entry === null) throw invalidArgument(`MLmodel: a signature ${side} is not an object`);
  const fields = entry as Record<string, unknown>;
  const name = typeof fields['name'] === 'string' && fields['name'] !== '' ? fields['name'] : fallbackName;
  const type = fields['type'];
  if (type === 'tensor') {
    const tensor = fields['tensor-spec'] as Record<string, unknown> | undefined;
    const dtype = String(tensor?.['dtype'] ?? '');
    const shape = Array.isArray(tensor?.['shape']) ? (tensor['shape'] as unknown[]).map((d) => (typeof d === 'number' && Number.isInteger(d) ? d : -1)) : null;
    return { name, datatype: numpyTypes[dtype] ?? dtype.toUpperCase(), shape };
  }
  // A column of a DataFrame: one value per row. Nested types (array, object, map) keep their MLflow name.
  const datatype = typeof type === 'string' ? (columnTypes[type] ?? type) : 'UNDEFINED';
  return { name, datatype, shape: [-1] };
}

function isMapping(value: YamlValue | undefined): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
