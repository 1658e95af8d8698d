import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { invalidArgument } from '../../domain/errors.js';

/** What a stored blob is known by: its content hash (lowercase hex) and its length in bytes. */
export interface BlobRef {
  sha256: string;
  size: number;
}

/** Inclusive byte offsets, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Content-addressed storage for large immutable byte sequences (artifacts, model files, datasets).
 * Every implementation streams: no method holds a whole blob in memory.
 */
export interface BlobStore {
  /**
   * Stores the bytes and returns their address. The blob becomes visible under its hash only once
   * it is complete (atomic), and storing bytes that already exist is a cheap no-op in effect.
   */
  put(content: AsyncIterable<Uint8Array>): Promise<BlobRef>;
  /** A stream of the blob's bytes (or of one range of them). CairnError NOT_FOUND when absent. */
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Removes the blob; removing an absent blob is not an error. */
  delete(sha256: string): Promise<void>;
  /** Releases connections and handles. */
  close(): Promise<void>;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

/** Hashes are also file names and object keys, so anything else is refused before it reaches a path. */
export function checkSha256(sha256: string): string {
  if (!sha256Pattern.test(sha256)) throw invalidArgument(`blob address must be 64 lowercase hex characters, got ${JSON.stringify(sha256.slice(0, 80))}`);
  return sha256;
}

/** Where a blob lives below a store's root: fanned out by the first two hex digits. */
export function blobRelativePath(sha256: string): string {
  return `blobs/${checkSha256(sha256).slice(0, 2)}/${sha256}`;
}

/**
 * Passes the bytes through unchanged while hashing and counting them, so the address is known the
 * moment the last byte has been written, without a second read.
 */
export function measured(content: AsyncIterable<Uint8Array>): { chunks: AsyncGenerator<Uint8Array>; result(): BlobRef } {
  const hash = createHash('sha256');
  let size = 0;
  let done = false;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of content) {
      hash.update(chunk);
      size += chunk.byteLength;
      yield chunk;
    }
    done = true;
  }
  return {
    chunks: chunks(),
    result(): BlobRef {
      if (!done) throw new Error('blob content was not read to the end');
      return { sha256: hash.digest('hex'), size };
    },
  };
}
