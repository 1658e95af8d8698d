import { invalidArgument } from '../errors.js';
import { tensorDatatypes, type TensorData, type TensorDatatype } from './tensor.js';

/**
 * The datatypes the JSON codecs carry: every one serving has (FP16 is not among them: JSON has no
 * half floats). Kept as its own name so that a datatype added to tensor.ts without a JSON form can
 * be excluded here.
 */
export type JsonDatatype = TensorDatatype;

export function isJsonDatatype(value: string): value is JsonDatatype {
  return (tensorDatatypes as readonly string[]).includes(value);
}

/** JSON has no NaN or infinities; these strings stand for them in requests and responses alike. */
export const nonFinite = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

const integerRanges: Record<string, [number, number]> = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
  UINT8: [0, 255],
  UINT16: [0, 65535],
  UINT32: [0, 4294967295],
};

const bigRanges: Record<string, [bigint, bigint]> = {
  INT64: [-(2n ** 63n), 2n ** 63n - 1n],
  UINT64: [0n, 2n ** 64n - 1n],
};

export interface ValueOptions {
  /** pandas reads a missing value in a float column as NaN; the tabular formats keep that, OIP does not. */
  nullAsNaN?: boolean;
}

/**
 * Turns a flat list of JSON values into the typed storage of `datatype`, refusing any element that
 * is not exactly representable, with a message naming the input, the element and what was expected.
 */
export function toTensorData(input: string, datatype: JsonDatatype, values: readonly unknown[], options: ValueOptions = {}): TensorData {
  switch (datatype) {
    case 'FP32':
      return Float32Array.from(values, (v, i) => toFloat(input, datatype, v, i, options));
    case 'FP64':
      return Float64Array.from(values, (v, i) => toFloat(input, datatype, v, i, options));
    case 'INT8':
      return Int8Array.from(values, (v, i) => toInteger(input, datatype, v, i));
    case 'INT16':
      return Int16Array.from(values, (v, i) => toInteger(input, datatype, v, i));
    case 'INT32':
      return Int32Array.from(values, (v, i) => toInteger(input, datatype, v, i));
    case 'UINT8':
      return Uint8Array.from(values, (v, i) => toInteger(input, datatype, v, i));
    case 'UINT16':
      return Uint16Array.from(values, (v, i) => toInteger(input, datatype, v, i));
    case 'UINT32':
      return Uint32Array.from(values, (v, i) => toInteger(input, datatype, v, i));
    case 'INT64':
      return BigInt64Array.from(values, (v, i) => toBigInteger(input, datatype, v, i));
    case 'UINT64':
      return BigUint64Array.from(values, (v, i) => toBigInteger(input, datatype, v, i));
    case 'BOOL':
      return Uint8Array.from(values, (v, i) => {
        if (typeof v !== 'boolean') throw badElement(input, datatype, v, i, 'true or false');
        return v ? 1 : 0;
      });
    case 'BYTES':
      return values.map((v, i) => {
        if (typeof v !== 'string') throw badElement(input, datatype, v, i, 'a string');
        return v;
      });
  }
}

/** The JSON form of tensor data: the inverse of `toTensorData`, so an answer can be sent back as a request. */
export function tensorDataToJson(data: TensorData, datatype: TensorDatatype): Array<number | string | boolean> {
  if (datatype === 'BYTES') return Array.from(data as ArrayLike<string>);
  if (datatype === 'BOOL') return Array.from(data as Uint8Array, (v) => v !== 0);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    // Beyond 2^53 a JSON number would be rounded by most readers; the exact digits go as a string.
    return Array.from(data as ArrayLike<bigint>, (v) => (v >= -maxSafe && v <= maxSafe ? Number(v) : v.toString()));
  }
  // Plain number arrays (in-process callers) take the same path as typed ones.
  return Array.from(data as ArrayLike<number>, jsonFloat);
}

function jsonFloat(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** Beyond ±this, INT64/UINT64 values go to JSON as decimal strings. */
export const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

function toFloat(input: string, datatype: string, v: unknown, i: number, options: ValueOptions): number {
  if (typeof v === 'number') return v;
  const special = typeof v === 'string' ? nonFinite.get(v) : undefined;
  if (special !== undefined) return special;
  if (v === null && options.nullAsNaN === true) return Number.NaN;
  throw badElement(input, datatype, v, i, 'a number (or "NaN", "Infinity", "-Infinity")');
}

function toInteger(input: string, datatype: string, v: unknown, i: number): number {
  const [low, high] = integerRanges[datatype] as [number, number];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badElement(input, datatype, v, i, 'an integer');
  if (v < low || v > high) throw badElement(input, datatype, v, i, `an integer from ${low} to ${high}`);
  return v;
}

function toBigInteger(input: string, datatype: string, v: unknown, i: number): bigint {
  const [low, high] = bigRanges[datatype] as [bigint, bigint];
  let value: bigint;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw badElement(input, datatype, v, i, 'an integer');
    // A JSON number past 2^53 was already rounded when the body was parsed: refuse rather than guess.
    if (!Number.isSafeInteger(v)) {
      throw badElement(input, datatype, v, i, 'an integer within ±(2^53-1) as a JSON number; send larger values as decimal strings');
    }
    value = BigInt(v);
  } else if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) {
    value = BigInt(v);
  } else {
    throw badElement(input, datatype, v, i, 'an integer (or its decimal string)');
  }
  if (value < low || value > high) throw badElement(input, datatype, v, i, `an integer from ${low} to ${high}`);
  return value;
}

function badElement(input: string, datatype: string, v: unknown, i: number, expected: string): Error {
  return invalidArgument(`input '${input}' (${datatype}): element ${i} is ${describe(v)}; expected ${expected}`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined) return 'missing';
  return Array.isArray(v) ? 'a list' : 'an object';
}
