/**
 * A protocol buffer encoder for test fixtures. A message is a list of parts; a part may be "virtual"
 * (N bytes of one value, produced only when streamed), so a test can describe a multi-GB model and
 * stream any window of it without ever holding it.
 */

type Part = Uint8Array | { fill: number; length: number };

const wire = { varint: 0, fixed64: 1, length: 2, fixed32: 5 } as const;

export function encodeVarint(value: number | bigint): Uint8Array {
  // Negative int64 values take ten bytes, as two's complement.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

export class ProtoMessage {
  readonly parts: Part[] = [];
  length = 0;

  private push(part: Part): this {
    this.parts.push(part);
    this.length += part instanceof Uint8Array ? part.length : part.length;
    return this;
  }

  private key(field: number, type: number): this {
    return this.push(encodeVarint(field * 8 + type));
  }

  varint(field: number, value: number | bigint): this {
    return this.key(field, wire.varint).push(encodeVarint(value));
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.key(field, wire.fixed32).push(bytes);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.key(field, wire.length).push(encodeVarint(value.length)).push(value);
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: ProtoMessage): this {
    this.key(field, wire.length).push(encodeVarint(value.length));
    for (const part of value.parts) this.push(part);
    return this;
  }

  /** A bytes field of `length` copies of `fill`, never materialised. */
  virtualBytes(field: number, length: number, fill = 0): this {
    return this.key(field, wire.length).push(encodeVarint(length)).push({ fill, length });
  }

  packedFloats(field: number, values: readonly number[]): this {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    return this.bytes(field, bytes);
  }

  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    return this.bytes(field, concat(values.map(encodeVarint)));
  }

  /** The whole message in memory; refused for virtual parts over 64 MiB. */
  toBytes(): Uint8Array {
    if (this.length > 64 * 1024 * 1024) throw new Error(`refusing to materialise a ${this.length}-byte message; stream it`);
    return concat(this.parts.map((part) => (part instanceof Uint8Array ? part : new Uint8Array(part.length).fill(part.fill))));
  }

  /** The bytes from `offset` on, in chunks of at most `chunkSize`. */
  async *stream(offset = 0, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
    let start = 0;
    for (const part of this.parts) {
      const end = start + part.length;
      let from = Math.max(offset, start);
      while (from < end) {
        const to = Math.min(end, from + chunkSize);
        yield part instanceof Uint8Array ? part.slice(from - start, to - start) : new Uint8Array(to - from).fill(part.fill);
        from = to;
      }
      start = end;
    }
  }
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
