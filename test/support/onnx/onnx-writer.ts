import { ProtoMessage } from './proto-writer.js';

/**
 * Writes ONNX ModelProto files for tests from a plain description. Field numbers follow onnx.proto:
 * ModelProto ir_version 1, producer_name 2, graph 7, opset_import 8; GraphProto node 1, name 2,
 * initializer 5, input 11, output 12; NodeProto input 1, output 2, name 3, op_type 4, attribute 5,
 * domain 7; AttributeProto name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, strings 9, type 20;
 * TensorProto dims 1, data_type 2, float_data 4, int64_data 7, name 8, raw_data 9;
 * ValueInfoProto name 1, type 2; TypeProto tensor_type 1, sequence_type 4, map_type 5,
 * optional_type 9; Tensor elem_type 1, shape 2; TensorShapeProto dim 1; dim_value 1, dim_param 2.
 */

/** TensorProto.DataType codes. */
export const onnxType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11, BFLOAT16: 16 } as const;

/** A dimension: a size, a symbolic name, or null for one with neither. */
export type OnnxDim = number | string | null;

export type OnnxValueType =
  | { tensor: number; shape?: OnnxDim[] }
  | { sequence: OnnxValueType }
  | { map: { key: number; value: OnnxValueType } }
  | { optional: OnnxValueType };

export interface OnnxValueInfo {
  name: string;
  type: OnnxValueType;
}

export interface OnnxTensor {
  name: string;
  dataType: number;
  dims: number[];
  floatData?: number[];
  int64Data?: number[];
  /** Raw little-endian bytes. */
  rawData?: Uint8Array;
  /** A raw_data field of this many zero bytes, streamed but never held (large-model tests). */
  virtualRawBytes?: number;
}

/** Integral numbers become INT attributes; use `{ float }` or `{ floats }` for float ones that happen to be whole. */
export type OnnxAttributeValue = number | string | number[] | string[] | { float: number } | { floats: number[] } | { ints: number[] } | OnnxTensor;

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, OnnxAttributeValue>;
}

export interface OnnxModel {
  irVersion?: number;
  producer?: string;
  /** Operator sets; `{ '': 13 }` by default. */
  opsets?: Record<string, number>;
  graph: {
    name?: string;
    nodes: OnnxNode[];
    initializers?: OnnxTensor[];
    inputs: OnnxValueInfo[];
    outputs: OnnxValueInfo[];
  };
}

export function encodeOnnxModel(model: OnnxModel): ProtoMessage {
  const message = new ProtoMessage().varint(1, model.irVersion ?? 8).string(2, model.producer ?? 'cairn-tests');
  const graph = new ProtoMessage();
  for (const node of model.graph.nodes) graph.message(1, encodeNode(node));
  graph.string(2, model.graph.name ?? 'main');
  for (const tensor of model.graph.initializers ?? []) graph.message(5, encodeTensor(tensor));
  for (const input of model.graph.inputs) graph.message(11, encodeValueInfo(input));
  for (const output of model.graph.outputs) graph.message(12, encodeValueInfo(output));
  message.message(7, graph);
  for (const [domain, version] of Object.entries(model.opsets ?? { '': 13 })) {
    const opset = new ProtoMessage();
    if (domain !== '') opset.string(1, domain);
    message.message(8, opset.varint(2, version));
  }
  return message;
}

/** The model file's bytes (for models without virtual data). */
export function onnxBytes(model: OnnxModel): Uint8Array {
  return encodeOnnxModel(model).toBytes();
}

export function encodeTensor(tensor: OnnxTensor): ProtoMessage {
  const message = new ProtoMessage();
  for (const dim of tensor.dims) message.varint(1, dim);
  message.varint(2, tensor.dataType);
  if (tensor.floatData) message.packedFloats(4, tensor.floatData);
  if (tensor.int64Data) message.packedVarints(7, tensor.int64Data);
  // Name after the data, as some exporters write it: readers must not rely on the order.
  if (tensor.rawData) message.bytes(9, tensor.rawData);
  if (tensor.virtualRawBytes !== undefined) message.virtualBytes(9, tensor.virtualRawBytes);
  return message.string(8, tensor.name);
}

function encodeNode(node: OnnxNode): ProtoMessage {
  const message = new ProtoMessage();
  for (const input of node.inputs) message.string(1, input);
  for (const output of node.outputs) message.string(2, output);
  if (node.name !== undefined) message.string(3, node.name);
  message.string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) message.message(5, encodeAttribute(name, value));
  if (node.domain !== undefined) message.string(7, node.domain);
  return message;
}

/** AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7, STRINGS 8. */
function encodeAttribute(name: string, value: OnnxAttributeValue): ProtoMessage {
  const message = new ProtoMessage().string(1, name);
  if (typeof value === 'number') {
    return Number.isInteger(value) ? message.varint(3, value).varint(20, 2) : message.float(2, value).varint(20, 1);
  }
  if (typeof value === 'string') return message.string(4, value).varint(20, 3);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      for (const s of value as string[]) message.string(9, s);
      return message.varint(20, 8);
    }
    const numbers = value as number[];
    return numbers.every(Number.isInteger) ? message.packedVarints(8, numbers).varint(20, 7) : message.packedFloats(7, numbers).varint(20, 6);
  }
  if ('float' in value) return message.float(2, value.float).varint(20, 1);
  if ('floats' in value) return message.packedFloats(7, value.floats).varint(20, 6);
  if ('ints' in value) return message.packedVarints(8, value.ints).varint(20, 7);
  return message.message(5, encodeTensor(value)).varint(20, 4);
}

function encodeValueInfo(info: OnnxValueInfo): ProtoMessage {
  return new ProtoMessage().string(1, info.name).message(2, encodeType(info.type));
}

function encodeType(type: OnnxValueType): ProtoMessage {
  const message = new ProtoMessage();
  if ('tensor' in type) {
    const tensor = new ProtoMessage().varint(1, type.tensor);
    if (type.shape) {
      const shape = new ProtoMessage();
      for (const dim of type.shape) {
        const d = new ProtoMessage();
        if (typeof dim === 'number') d.varint(1, dim);
        else if (typeof dim === 'string') d.string(2, dim);
        shape.message(1, d);
      }
      tensor.message(2, shape);
    }
    return message.message(1, tensor);
  }
  if ('sequence' in type) return message.message(4, new ProtoMessage().message(1, encodeType(type.sequence)));
  if ('optional' in type) return message.message(9, new ProtoMessage().message(1, encodeType(type.optional)));
  return message.message(5, new ProtoMessage().varint(1, type.map.key).message(2, encodeType(type.map.value)));
}
