import { toLoggedTensors } from '../serving/logged-tensor.js';
import { tensorDatatypes, type Tensor, type TensorData, type TensorDatatype } from '../serving/tensor.js';
import { maxSafe, nonFinite, tensorDataToJson } from '../serving/tensor-values.js';
import type { LoggedTensor } from './prediction.js';

/**
 * The stored form of a prediction's tensors: a compact binary encoding, about a third of the JSON
 * text's size, written without formatting a single number: typed data is copied as it is
 * (docs/serving.md, "Prediction log" > "Table").
 *
 * Layout, little-endian: 0x00 (JSON text never starts with it), version 1, u16 tensor count; then per
 * tensor: u8 datatype (index in tensorDatatypes), u16 name length and the name in UTF-8, u8 rank and
 * rank x u32 dimensions, u32 element count, then the elements: fixed width for numbers (BOOL one
 * byte of 0/1), u32 length + UTF-8 for each BYTES element.
 *
 * Tensors that would not read back exactly (a value outside its datatype, a name or shape beyond
 * those widths) are stored as the JSON text of their log form instead; `decodeTensorLog` reads
 * both, and JSON text logged before this encoding existed.
 */
export function encodeTensorLog(tensors: readonly Tensor[]): Uint8Array | string {
  return encodeBinary(tensors) ?? JSON.stringify(toLoggedTensors(tensors));
}

/** The tensors of `encodeTensorLog`'s result in log form, whether it gave bytes or JSON text. */
export function decodeTensorLog(stored: Uint8Array | string): LoggedTensor[] {
  if (typeof stored === 'string') return JSON.parse(stored) as LoggedTensor[];
  if (stored[0] !== 0) return JSON.parse(utf8.decode(stored)) as LoggedTensor[];
  const view = new DataView(stored.buffer, stored.byteOffset, stored.byteLength);
  if (view.getUint8(1) !== version) throw new Error(`logged tensors: unknown encoding version ${view.getUint8(1)}`);
  const count = view.getUint16(2, true);
  let offset = 4;
  const tensors: LoggedTensor[] = [];
  for (let t = 0; t < count; t++) {
    const datatype = tensorDatatypes[view.getUint8(offset)] as TensorDatatype;
    const nameLength = view.getUint16(offset + 1, true);
    const name = utf8.decode(stored.subarray(offset + 3, offset + 3 + nameLength));
    offset += 3 + nameLength;
    const rank = view.getUint8(offset);
    const shape: number[] = [];
    for (let d = 0; d < rank; d++) shape.push(view.getUint32(offset + 1 + 4 * d, true));
    offset += 1 + 4 * rank;
    const length = view.getUint32(offset, true);
    offset += 4;
    let data: TensorData;
    if (datatype === 'BYTES') {
      const strings: string[] = [];
      for (let i = 0; i < length; i++) {
        const size = view.getUint32(offset, true);
        strings.push(utf8.decode(stored.subarray(offset + 4, offset + 4 + size)));
        offset += 4 + size;
      }
      data = strings;
    } else {
      const width = arrays[datatype].BYTES_PER_ELEMENT;
      const typed = new arrays[datatype](length) as { [i: number]: number | bigint };
      for (let i = 0; i < length; i++) typed[i] = readElement(view, offset + i * width, datatype);
      offset += length * width;
      data = typed as TensorData;
    }
    tensors.push({ name, datatype, shape, data: tensorDataToJson(data, datatype) });
  }
  return tensors;
}

const version = 1;
const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** The typed storage of each fixed-width datatype; its BYTES_PER_ELEMENT is the element's width. */
const arrays = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP32: Float32Array,
  FP64: Float64Array,
} as const;

/** Typed data is copied byte for byte where the machine's byte order is the layout's. */
const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const datatypeCodes = new Map<string, number>(tensorDatatypes.map((d, i) => [d, i]));

/** Where tensors are written before being copied out at their size. */
let scratch = new DataView(new ArrayBuffer(1 << 16));
let scratchBytes = new Uint8Array(scratch.buffer);

/**
 * Results are views into shared blocks of this size: a typed array with a buffer of its own costs
 * more to allocate (about 0.8 µs) than the whole encoding of a typical row. Small, because handing
 * rows to another thread copies each block a view is in whole.
 */
const blockSize = 1 << 13;
let block = new Uint8Array(blockSize);
let blockUsed = 0;

/** The first `length` bytes of the scratch buffer, copied out. */
function copyOut(length: number): Uint8Array {
  if (length > blockSize / 8) return scratchBytes.slice(0, length);
  if (blockUsed + length > blockSize) {
    block = new Uint8Array(blockSize);
    blockUsed = 0;
  }
  const out = new Uint8Array(block.buffer, blockUsed, length);
  out.set(scratchBytes.subarray(0, length));
  blockUsed += length;
  return out;
}

function readElement(view: DataView, offset: number, datatype: Exclude<TensorDatatype, 'BYTES'>): number | bigint {
  switch (datatype) {
    case 'BOOL':
    case 'UINT8':
      return view.getUint8(offset);
    case 'INT8':
      return view.getInt8(offset);
    case 'UINT16':
      return view.getUint16(offset, true);
    case 'INT16':
      return view.getInt16(offset, true);
    case 'UINT32':
      return view.getUint32(offset, true);
    case 'INT32':
      return view.getInt32(offset, true);
    case 'UINT64':
      return view.getBigUint64(offset, true);
    case 'INT64':
      return view.getBigInt64(offset, true);
    case 'FP32':
      return view.getFloat32(offset, true);
    case 'FP64':
      return view.getFloat64(offset, true);
  }
}

/**
 * Writes one element given as typed storage holds it, or in its JSON form ("NaN"/"Infinity"/"-Infinity"
 * for floats, decimal strings for INT64/UINT64 beyond ±(2^53-1), booleans for BOOL), and checks that
 * it reads back the same; false when it is neither or would not.
 */
function writeElement(view: DataView, offset: number, datatype: Exclude<TensorDatatype, 'BYTES'>, value: unknown): boolean {
  if (datatype === 'BOOL') {
    if (typeof value !== 'boolean' && typeof value !== 'number') return false;
    view.setUint8(offset, value === true || (typeof value === 'number' && value !== 0) ? 1 : 0);
    return true;
  }
  if (datatype === 'INT64' || datatype === 'UINT64') {
    const x = bigElement(value);
    if (x === undefined) return false;
    if (datatype === 'INT64') view.setBigInt64(offset, x, true);
    else view.setBigUint64(offset, x, true);
    return readElement(view, offset, datatype) === x;
  }
  const x = typeof value === 'number' ? value : (datatype === 'FP32' || datatype === 'FP64') && typeof value === 'string' ? nonFinite.get(value) : undefined;
  if (x === undefined) return false;
  switch (datatype) {
    case 'FP32':
      view.setFloat32(offset, x, true);
      break;
    case 'FP64':
      view.setFloat64(offset, x, true);
      break;
    case 'UINT8':
      view.setUint8(offset, x);
      break;
    case 'INT8':
      view.setInt8(offset, x);
      break;
    case 'UINT16':
      view.setUint16(offset, x, true);
      break;
    case 'INT16':
      view.setInt16(offset, x, true);
      break;
    case 'UINT32':
      view.setUint32(offset, x, true);
      break;
    case 'INT32':
      view.setInt32(offset, x, true);
      break;
  }
  return Object.is(readElement(view, offset, datatype), x);
}

/** INT64/UINT64 from typed storage (bigint), or as answers give them: a number within ±(2^53-1), a decimal string beyond. */
function bigElement(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (typeof value !== 'string' || !/^-?[1-9]\d{15,19}$/.test(value)) return undefined;
  const x = BigInt(value);
  return x >= -maxSafe && x <= maxSafe ? undefined : x;
}

/** Writes `text` as UTF-8 at `offset` (ASCII directly, the rest through TextEncoder); answers the bytes written. */
function writeText(offset: number, text: string): number {
  reserve(offset + text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      const bytes = utf8Encoder.encode(text);
      reserve(offset + bytes.length);
      scratchBytes.set(bytes, offset);
      return bytes.length;
    }
    scratchBytes[offset + i] = code;
  }
  return text.length;
}

/** Grows the scratch buffer to hold at least `end` bytes. */
function reserve(end: number): void {
  if (end <= scratch.byteLength) return;
  const grown = new Uint8Array(Math.max(end, scratch.byteLength * 2));
  grown.set(scratchBytes);
  scratch = new DataView(grown.buffer);
  scratchBytes = grown;
}

/** The binary form, or undefined when some tensor cannot take it exactly. */
function encodeBinary(tensors: readonly Tensor[]): Uint8Array | undefined {
  if (tensors.length > 0xffff) return undefined;
  scratch.setUint8(0, 0);
  scratch.setUint8(1, version);
  scratch.setUint16(2, tensors.length, true);
  let offset = 4;
  for (const tensor of tensors) {
    const code = datatypeCodes.get(tensor.datatype);
    if (code === undefined || tensor.shape.length > 0xff || tensor.data.length > 0xffffffff) return undefined;
    const datatype = tensor.datatype;
    reserve(offset + 3);
    scratch.setUint8(offset, code);
    const nameLength = writeText(offset + 3, tensor.name);
    if (nameLength > 0xffff) return undefined;
    scratch.setUint16(offset + 1, nameLength, true);
    offset += 3 + nameLength;
    reserve(offset + 5 + 4 * tensor.shape.length);
    scratch.setUint8(offset, tensor.shape.length);
    for (let d = 0; d < tensor.shape.length; d++) {
      const size = tensor.shape[d] as number;
      if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) return undefined;
      scratch.setUint32(offset + 1 + 4 * d, size, true);
    }
    offset += 1 + 4 * tensor.shape.length;
    const data = tensor.data;
    scratch.setUint32(offset, data.length, true);
    offset += 4;
    if (datatype === 'BYTES') {
      for (const value of data) {
        if (typeof value !== 'string') return undefined;
        reserve(offset + 4);
        const length = writeText(offset + 4, value);
        scratch.setUint32(offset, length, true);
        offset += 4 + length;
      }
      continue;
    }
    const width = arrays[datatype].BYTES_PER_ELEMENT;
    reserve(offset + data.length * width);
    if (littleEndian && data instanceof arrays[datatype]) {
      scratchBytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offset);
    } else {
      for (let i = 0; i < data.length; i++) if (!writeElement(scratch, offset + i * width, datatype, data[i])) return undefined;
    }
    offset += data.length * width;
  }
  return copyOut(offset);
}
