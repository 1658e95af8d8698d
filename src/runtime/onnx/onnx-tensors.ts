import { Tensor as OrtTensor } from 'onnxruntime-node';
import { invalidArgument } from '../../domain/errors.js';
import { shapeSize, type Tensor, type TensorData, type TensorDatatype } from '../../domain/serving/tensor.js';

/** Open Inference Protocol datatype -> onnxruntime's element type name. */
const ortTypes = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
} as const satisfies Record<TensorDatatype, OrtTensor.Type>;

const datatypes = new Map<string, TensorDatatype>(Object.entries(ortTypes).map(([datatype, ort]) => [ort, datatype as TensorDatatype]));

/** The OIP name of an onnxruntime element type; types serving cannot carry keep a descriptive name (FP16...). */
export function datatypeOfOrt(type: string): string {
  return datatypes.get(type) ?? (type === 'float16' ? 'FP16' : type.toUpperCase());
}

/** The typed array onnxruntime expects for each datatype, built from plain numbers when needed. */
const storage: Record<Exclude<TensorDatatype, 'BYTES' | 'INT64' | 'UINT64'>, { from(values: ArrayLike<number>): TensorData }> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

/** A domain tensor as an onnxruntime tensor; INVALID_ARGUMENT when shape and data disagree. */
export function toOrtTensor(tensor: Tensor): OrtTensor {
  const { name, datatype, shape } = tensor;
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw invalidArgument(`input '${name}': shape [${shape.join(', ')}] must hold non-negative integers`);
  }
  const expected = shapeSize(shape);
  if (tensor.data.length !== expected) {
    throw invalidArgument(`input '${name}': shape [${shape.join(', ')}] needs ${expected} elements, got ${tensor.data.length}`);
  }
  return new OrtTensor(ortTypes[datatype], ortData(tensor), shape);
}

function ortData(tensor: Tensor): OrtTensor['data'] {
  const { data, datatype, name } = tensor;
  if (datatype === 'BYTES') {
    if (!Array.isArray(data) || data.some((v) => typeof v !== 'string')) throw invalidArgument(`input '${name}' (BYTES): data must be strings`);
    return data as string[];
  }
  if (datatype === 'INT64' || datatype === 'UINT64') {
    if (data instanceof (datatype === 'INT64' ? BigInt64Array : BigUint64Array)) return data as BigInt64Array;
    const values = Array.from(data as ArrayLike<number | bigint>, (v, i) => {
      if (typeof v === 'bigint') return v;
      if (!Number.isSafeInteger(v)) throw invalidArgument(`input '${name}' (${datatype}): element ${i} is not an integer`);
      return BigInt(v);
    });
    return datatype === 'INT64' ? BigInt64Array.from(values) : BigUint64Array.from(values);
  }
  if (Array.isArray(data) && data.some((v) => typeof v !== 'number')) throw invalidArgument(`input '${name}' (${datatype}): data must be numbers`);
  const Typed = storage[datatype];
  // Reuse the caller's typed array when it already is the right storage: batching passes big ones.
  const typed = data as TensorData;
  return typed.constructor === (Typed as unknown) ? (typed as OrtTensor['data']) : (Typed.from(typed as ArrayLike<number>) as OrtTensor['data']);
}

/** An onnxruntime output as a domain tensor, in the runtime's typed storage (no copy). */
export function fromOrtTensor(name: string, tensor: OrtTensor): Tensor {
  const datatype = datatypes.get(tensor.type);
  if (datatype === undefined) {
    throw invalidArgument(`output '${name}' is ${datatypeOfOrt(tensor.type)}, which serving cannot return`);
  }
  return { name, datatype, shape: tensor.dims.slice(), data: tensor.data as TensorData };
}
