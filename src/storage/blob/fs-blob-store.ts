import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { notFound } from '../../domain/errors.js';
import { blobRelativePath, checkSha256, measured, type BlobRef, type BlobStore, type ByteRange } from './blob-store.js';

/** Temp files older than this are leftovers of a crashed process, not uploads still in flight. */
const staleTempMs = 24 * 60 * 60 * 1000;

/**
 * Blobs as files under a local folder: `blobs/<2 hex>/<sha256>`, written to `tmp/` first and renamed
 * into place once complete and flushed, so a reader never sees a partial blob, even after a crash.
 */
export class FsBlobStore implements BlobStore {
  private constructor(private readonly root: string) {}

  /** Creates the folder layout if needed and clears temp files that crashed writers left behind. */
  static async open(root: string): Promise<FsBlobStore> {
    const store = new FsBlobStore(resolve(root));
    await mkdir(join(store.root, 'blobs'), { recursive: true });
    await mkdir(store.tempDir, { recursive: true });
    await store.removeStaleTemps();
    return store;
  }

  private get tempDir(): string {
    return join(this.root, 'tmp');
  }

  private pathOf(sha256: string): string {
    return join(this.root, blobRelativePath(sha256));
  }

  async put(content: AsyncIterable<Uint8Array>): Promise<BlobRef> {
    const temp = join(this.tempDir, randomUUID());
    const counted = measured(content);
    try {
      // `flush` fsyncs before close: the rename below must never publish bytes still in the page cache.
      await pipeline(counted.chunks, createWriteStream(temp, { flags: 'wx', flush: true }));
      const ref = counted.result();
      const target = this.pathOf(ref.sha256);
      await mkdir(dirname(target), { recursive: true });
      // Same hash, same bytes: replacing an existing blob is harmless, and avoids a check-then-act race.
      await rename(temp, target);
      await syncDirectory(dirname(target));
      return ref;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    let handle;
    try {
      handle = await open(this.pathOf(sha256), 'r');
    } catch (error) {
      if (isMissing(error)) throw notFound(`blob ${sha256} does not exist`);
      throw error;
    }
    // Reading through the open handle keeps working even if the blob is deleted meanwhile.
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(checkSha256(sha256)), { force: true });
  }

  async close(): Promise<void> {}

  private async removeStaleTemps(): Promise<void> {
    const cutoff = Date.now() - staleTempMs;
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(path, { force: true, recursive: true });
    }
  }
}

/** Makes a rename durable: the directory entry itself must reach the disk. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT';
}
