import { invalidArgument } from '../../errors.js';
import type { ModelSignature, TensorSpec } from '../model-files.js';
import { ProtoStreamReader, wireType } from './proto-stream-reader.js';

/**
 * Field numbers of onnx.proto (ONNX IR) that the signature needs. Everything else, nodes and
 * initializer data above all, is skipped by length.
 */
const field = {
  model: { graph: 7 },
  graph: { initializer: 5, sparseInitializer: 15, input: 11, output: 12 },
  tensor: { name: 8 },
  sparseTensor: { values: 1 },
  valueInfo: { name: 1, type: 2 },
  type: { tensor: 1, sequence: 4, map: 5, opaque: 7, sparseTensor: 8, optional: 9 },
  tensorType: { elemType: 1, shape: 2 },
  sequence: { elemType: 1 },
  map: { keyType: 1, valueType: 2 },
  shape: { dim: 1 },
  // dim_param (2) names a symbolic dimension: it reads as -1, like a missing one.
  dim: { value: 1 },
} as const;

/** TensorProto.DataType codes, by their Open Inference Protocol name where it has one. */
const elementTypes: Record<number, string> = {
  0: 'UNDEFINED',
  1: 'FP32',
  2: 'UINT8',
  3: 'INT8',
  4: 'UINT16',
  5: 'INT16',
  6: 'INT32',
  7: 'INT64',
  8: 'BYTES',
  9: 'BOOL',
  10: 'FP16',
  11: 'FP64',
  12: 'UINT32',
  13: 'UINT64',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
  16: 'BF16',
  17: 'FLOAT8E4M3FN',
  18: 'FLOAT8E4M3FNUZ',
  19: 'FLOAT8E5M2',
  20: 'FLOAT8E5M2FNUZ',
  21: 'UINT4',
  22: 'INT4',
  23: 'FLOAT4E2M1',
};

export function onnxElementType(code: number): string {
  return elementTypes[code] ?? `ONNX_TYPE_${code}`;
}

/**
 * The inputs and outputs of an ONNX model's main graph, read from a stream of its bytes (ModelProto).
 * Graph inputs that are initializers (weights given a default) are not inputs of the model. Stops
 * after the graph; reading holds no more than a chunk and the names, whatever the model's size.
 */
export async function readOnnxSignature(reader: ProtoStreamReader): Promise<ModelSignature> {
  try {
    for (;;) {
      const tag = await reader.tag();
      if (!tag) throw invalidArgument('not an ONNX model: no graph found');
      if (tag.field === field.model.graph && tag.wire === wireType.length) {
        const end = await reader.end();
        return await readGraph(reader, end);
      }
      await reader.skipValue(tag.wire);
    }
  } finally {
    await reader.close();
  }
}

async function readGraph(reader: ProtoStreamReader, end: number): Promise<ModelSignature> {
  const initializers = new Set<string>();
  const inputs: TensorSpec[] = [];
  const outputs: TensorSpec[] = [];
  while (reader.position < end) {
    const tag = await nextTag(reader);
    if (tag.wire !== wireType.length) {
      await reader.skipValue(tag.wire, end);
      continue;
    }
    const fieldEnd = await reader.end(end);
    switch (tag.field) {
      case field.graph.initializer:
        initializers.add(await readTensorName(reader, fieldEnd));
        break;
      case field.graph.sparseInitializer:
        initializers.add(await readSparseTensorName(reader, fieldEnd));
        break;
      case field.graph.input:
        inputs.push(await readValueInfo(reader, fieldEnd));
        break;
      case field.graph.output:
        outputs.push(await readValueInfo(reader, fieldEnd));
        break;
      default:
        await reader.skip(fieldEnd - reader.position);
    }
  }
  return { inputs: inputs.filter((input) => !initializers.has(input.name)), outputs };
}

/** Visits each field of a message ending at `end`; `visit` consumes the value or returns false to skip it. */
async function eachField(reader: ProtoStreamReader, end: number, visit: (fieldNumber: number, wire: number) => Promise<boolean>): Promise<void> {
  while (reader.position < end) {
    const tag = await nextTag(reader);
    if (!(await visit(tag.field, tag.wire))) await reader.skipValue(tag.wire, end);
  }
  if (reader.position !== end) throw invalidArgument(`not a valid ONNX model: a message overruns its end at byte ${end}`);
}

async function nextTag(reader: ProtoStreamReader) {
  const tag = await reader.tag();
  if (!tag) throw invalidArgument(`not a valid ONNX model: the data ends early, at byte ${reader.position}`);
  return tag;
}

async function readString(reader: ProtoStreamReader, end: number): Promise<string> {
  return reader.string(await reader.length(end));
}

async function readTensorName(reader: ProtoStreamReader, end: number): Promise<string> {
  let name = '';
  await eachField(reader, end, async (number, wire) => {
    if (number !== field.tensor.name || wire !== wireType.length) return false;
    name = await readString(reader, end);
    return true;
  });
  return name;
}

async function readSparseTensorName(reader: ProtoStreamReader, end: number): Promise<string> {
  let name = '';
  await eachField(reader, end, async (number, wire) => {
    if (number !== field.sparseTensor.values || wire !== wireType.length) return false;
    name = await readTensorName(reader, await reader.end(end));
    return true;
  });
  return name;
}

async function readValueInfo(reader: ProtoStreamReader, end: number): Promise<TensorSpec> {
  const spec: TensorSpec = { name: '', datatype: 'UNDEFINED', shape: null };
  await eachField(reader, end, async (number, wire) => {
    if (wire !== wireType.length) return false;
    if (number === field.valueInfo.name) spec.name = await readString(reader, end);
    else if (number === field.valueInfo.type) Object.assign(spec, await readType(reader, await reader.end(end)));
    else return false;
    return true;
  });
  return spec;
}

type TypeInfo = Pick<TensorSpec, 'datatype' | 'shape'>;

/** TypeProto: a tensor (element type and shape), or a sequence, map, optional, sparse tensor or opaque value. */
async function readType(reader: ProtoStreamReader, end: number, depth = 0): Promise<TypeInfo> {
  if (depth > 16) throw invalidArgument('not a valid ONNX model: types nest too deeply');
  let info: TypeInfo = { datatype: 'UNDEFINED', shape: null };
  await eachField(reader, end, async (number, wire) => {
    if (wire !== wireType.length) return false;
    const inner = await reader.end(end);
    switch (number) {
      case field.type.tensor:
        info = await readTensorType(reader, inner);
        return true;
      case field.type.sparseTensor: {
        const tensor = await readTensorType(reader, inner);
        info = { datatype: `sparse(${tensor.datatype})`, shape: tensor.shape };
        return true;
      }
      case field.type.sequence:
      case field.type.optional: {
        const element = await readElementType(reader, inner, depth);
        info = { datatype: `${number === field.type.sequence ? 'sequence' : 'optional'}(${element})`, shape: null };
        return true;
      }
      case field.type.map:
        info = { datatype: await readMapType(reader, inner, depth), shape: null };
        return true;
      case field.type.opaque:
        await reader.skip(inner - reader.position);
        info = { datatype: 'opaque', shape: null };
        return true;
      default:
        await reader.skip(inner - reader.position);
        return true;
    }
  });
  return info;
}

/** Sequence and Optional hold one TypeProto as field 1. */
async function readElementType(reader: ProtoStreamReader, end: number, depth: number): Promise<string> {
  let element = 'UNDEFINED';
  await eachField(reader, end, async (number, wire) => {
    if (number !== field.sequence.elemType || wire !== wireType.length) return false;
    element = (await readType(reader, await reader.end(end), depth + 1)).datatype;
    return true;
  });
  return element;
}

async function readMapType(reader: ProtoStreamReader, end: number, depth: number): Promise<string> {
  let key = 'UNDEFINED';
  let value = 'UNDEFINED';
  await eachField(reader, end, async (number, wire) => {
    if (number === field.map.keyType && wire === wireType.varint) key = onnxElementType(await reader.varint());
    else if (number === field.map.valueType && wire === wireType.length) value = (await readType(reader, await reader.end(end), depth + 1)).datatype;
    else return false;
    return true;
  });
  return `map(${key},${value})`;
}

async function readTensorType(reader: ProtoStreamReader, end: number): Promise<TypeInfo> {
  const info: TypeInfo = { datatype: 'UNDEFINED', shape: null };
  await eachField(reader, end, async (number, wire) => {
    if (number === field.tensorType.elemType && wire === wireType.varint) info.datatype = onnxElementType(await reader.varint());
    else if (number === field.tensorType.shape && wire === wireType.length) info.shape = await readShape(reader, await reader.end(end));
    else return false;
    return true;
  });
  return info;
}

async function readShape(reader: ProtoStreamReader, end: number): Promise<number[]> {
  const dims: number[] = [];
  await eachField(reader, end, async (number, wire) => {
    if (number !== field.shape.dim || wire !== wireType.length) return false;
    dims.push(await readDimension(reader, await reader.end(end)));
    return true;
  });
  return dims;
}

/** A fixed size, or -1 for a symbolic (`dim_param`) or missing one. */
async function readDimension(reader: ProtoStreamReader, end: number): Promise<number> {
  let size = -1;
  await eachField(reader, end, async (number, wire) => {
    if (number !== field.dim.value || wire !== wireType.varint) return false;
    size = await reader.varint();
    return true;
  });
  return size;
}
