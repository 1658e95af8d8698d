import { invalidArgument, type CairnError } from '../../errors.js';

/** Opens the bytes of a file from `offset` on; used again to jump over a large field instead of reading it. */
export type ByteSource = (offset: number) => Promise<AsyncIterable<Uint8Array>>;

export const wireType = { varint: 0, fixed64: 1, length: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;

export interface ProtoTag {
  field: number;
  wire: number;
}

export interface ProtoStreamReaderOptions {
  /** Skips of at least this many bytes reopen the source past them instead of reading through. */
  seekThreshold?: number;
  /** Length-delimited values read into memory (names) may be at most this long. */
  maxValueBytes?: number;
  /** The total size, when known: lengths pointing past it are refused before anything is skipped. */
  size?: number;
}

const empty = new Uint8Array(0);

/**
 * Reads protocol buffer wire format from a byte stream, one field at a time, holding at most one
 * chunk and the short values it is asked for. Large fields (tensor data) are skipped by length:
 * read through when small, or jumped over by reopening the source at the offset after them.
 */
export class ProtoStreamReader {
  /** Absolute offset of the next byte. */
  position = 0;
  /** Bytes pulled from the source(s), for callers that want to know how much was really read. */
  bytesRead = 0;
  private chunk: Uint8Array = empty;
  private at = 0;
  private iterator: AsyncIterator<Uint8Array> | undefined;
  private ended = false;
  private readonly seekThreshold: number;
  private readonly maxValueBytes: number;
  private readonly size: number;

  constructor(
    private readonly source: ByteSource,
    options: ProtoStreamReaderOptions = {},
  ) {
    this.seekThreshold = options.seekThreshold ?? 1024 * 1024;
    this.maxValueBytes = options.maxValueBytes ?? 64 * 1024;
    this.size = options.size ?? Number.POSITIVE_INFINITY;
  }

  /** A reader over one stream that cannot be reopened: skips read through. */
  static ofStream(stream: AsyncIterable<Uint8Array>, options: ProtoStreamReaderOptions = {}): ProtoStreamReader {
    let opened = false;
    const source: ByteSource = async (offset) => {
      if (opened || offset !== 0) throw new Error('this byte stream cannot be reopened');
      opened = true;
      return stream;
    };
    return new ProtoStreamReader(source, { ...options, seekThreshold: Number.POSITIVE_INFINITY });
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  /** The next field's number and wire type; undefined at the end of the stream. */
  async tag(): Promise<ProtoTag | undefined> {
    if (await this.atEnd()) return undefined;
    const key = await this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field < 1) throw malformed(`field number 0 at byte ${this.position}`);
    return { field, wire };
  }

  /** An unsigned varint up to 2^53; larger ones (negative int64 values) come back as -1. */
  async varint(): Promise<number> {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i += 1) {
      const byte = await this.byte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return Number.isSafeInteger(result) ? result : -1;
      scale *= 128;
    }
    throw malformed(`a varint longer than 10 bytes at byte ${this.position}`);
  }

  /** The length prefix of a length-delimited field, checked against `limit` (the end of the enclosing message). */
  async length(limit = Number.POSITIVE_INFINITY): Promise<number> {
    const length = await this.varint();
    if (length < 0 || this.position + length > Math.min(limit, this.size)) throw malformed(`a field of ${length} bytes at byte ${this.position} overruns its message`);
    return length;
  }

  /** Reads a length prefix and answers where that value ends (absolute offset). */
  async end(limit = Number.POSITIVE_INFINITY): Promise<number> {
    const length = await this.length(limit);
    return this.position + length;
  }

  /** `length` bytes as UTF-8 text; refused beyond the value limit. */
  async string(length: number): Promise<string> {
    return new TextDecoder().decode(await this.bytes(length));
  }

  async bytes(length: number): Promise<Uint8Array> {
    if (length > this.maxValueBytes) throw malformed(`a ${length}-byte value at byte ${this.position} is longer than ${this.maxValueBytes} bytes`);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (!(await this.fill())) throw truncated(this.position);
      const take = Math.min(length - filled, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + take), filled);
      this.at += take;
      this.position += take;
      filled += take;
    }
    return out;
  }

  /** Passes over `length` bytes without keeping them. */
  async skip(length: number): Promise<void> {
    const buffered = this.chunk.length - this.at;
    if (length <= buffered) {
      this.at += length;
      this.position += length;
      return;
    }
    if (length >= this.seekThreshold && !this.ended) {
      await this.reopen(this.position + length);
      return;
    }
    let left = length;
    while (left > 0) {
      if (!(await this.fill())) throw truncated(this.position);
      const take = Math.min(left, this.chunk.length - this.at);
      this.at += take;
      this.position += take;
      left -= take;
    }
  }

  /** Passes over the value of a field whose tag was just read. */
  async skipValue(wire: number, limit = Number.POSITIVE_INFINITY): Promise<void> {
    switch (wire) {
      case wireType.varint:
        await this.varint();
        return;
      case wireType.fixed64:
        return this.skip(8);
      case wireType.fixed32:
        return this.skip(4);
      case wireType.length:
        return this.skip(await this.length(limit));
      default:
        throw malformed(`unsupported wire type ${wire} at byte ${this.position}`);
    }
  }

  /** Stops reading and releases the source (a file handle or a connection). */
  async close(): Promise<void> {
    const iterator = this.iterator;
    this.iterator = undefined;
    this.ended = true;
    await iterator?.return?.();
  }

  private async byte(): Promise<number> {
    if (!(await this.fill())) throw truncated(this.position);
    const value = this.chunk[this.at] as number;
    this.at += 1;
    this.position += 1;
    return value;
  }

  /** Makes sure a byte is buffered; false at the end of the stream. */
  private async fill(): Promise<boolean> {
    while (this.at >= this.chunk.length) {
      if (this.ended) return false;
      if (!this.iterator) this.iterator = (await this.source(this.position))[Symbol.asyncIterator]();
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
        this.iterator = undefined;
        return false;
      }
      this.chunk = next.value;
      this.at = 0;
      this.bytesRead += next.value.length;
    }
    return true;
  }

  private async reopen(offset: number): Promise<void> {
    const iterator = this.iterator;
    this.iterator = undefined;
    await iterator?.return?.();
    this.chunk = empty;
    this.at = 0;
    this.position = offset;
    // The next fill opens the source at the new position; a source shorter than that ends at once.
  }
}

function malformed(why: string): CairnError {
  return invalidArgument(`not a valid protocol buffer: ${why}`);
}

function truncated(position: number): CairnError {
  return malformed(`the data ends early, at byte ${position}`);
}
