/**
 * Tensors as serving passes them around: named, typed with the Open Inference Protocol's datatype
 * names, a shape, and the elements flattened in row-major order (as OIP's `data` field holds them).
 * Pure types: the ONNX adapter (src/runtime/onnx/) converts to and from the runtime's tensors, and
 * tensor-values.ts converts to and from JSON.
 */

/**
 * The Open Inference Protocol's tensor datatypes (reference, "Tensor Data Types") that serving
 * carries. FP16 is left out: JSON has no half floats and Node 20 has no Float16Array.
 */
export const tensorDatatypes = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP32', 'FP64', 'BYTES'] as const;
export type TensorDatatype = (typeof tensorDatatypes)[number];

export function isTensorDatatype(value: string): value is TensorDatatype {
  return (tensorDatatypes as readonly string[]).includes(value);
}

/**
 * Flat, row-major elements in the typed storage of the datatype: FP32 Float32Array, FP64
 * Float64Array, INT64 BigInt64Array, UINT64 BigUint64Array, BOOL Uint8Array of 0/1, the other
 * integers their typed array, BYTES an array of strings. Plain number arrays are accepted as inputs
 * too (in-process callers, tests); outputs from the runtime always come in the typed storage.
 */
export type TensorData =
  | number[]
  | string[]
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export interface Tensor {
  name: string;
  datatype: TensorDatatype;
  /** Concrete sizes; their product is the number of elements in `data`. */
  shape: number[];
  data: TensorData;
}

/** The element count a shape implies (1 for a scalar's empty shape). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}
