import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../../src/storage/blob/blob-store.js';
import { FsBlobStore } from '../../../src/storage/blob/fs-blob-store.js';
import { s3ClientConfig } from '../../../src/storage/blob/open-blob-store.js';
import { S3BlobStore } from '../../../src/storage/blob/s3-blob-store.js';
import { startS3TestServer, type S3TestServer } from './s3-test-server.js';

const mib = 1024 * 1024;

interface StoreUnderTest {
  store: BlobStore;
  /** Names of temp objects or files still present. */
  leftovers(): Promise<string[]>;
  close(): Promise<void>;
}

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3TestServer();
});
afterAll(async () => {
  await s3.stop();
});

const kinds: Record<string, () => Promise<StoreUnderTest>> = {
  'local folder': async () => {
    const root = await mkdtemp(join(tmpdir(), 'cairn-blobs-'));
    const store = await FsBlobStore.open(root);
    return {
      store,
      leftovers: () => readdir(join(root, 'tmp')),
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
  's3-compatible server': async () => {
    const prefix = `t${randomBytes(4).toString('hex')}/`;
    // The smallest part S3 allows, so a few MiB already take the multipart path.
    const store = new S3BlobStore({ client: new S3Client(s3ClientConfig(s3.env)), bucket: s3.bucket, prefix, partSize: 5 * mib, queueSize: 2 });
    const lister = new S3Client(s3ClientConfig(s3.env));
    return {
      store,
      async leftovers() {
        const listing = await lister.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}tmp/` }));
        return (listing.Contents ?? []).map((o) => o.Key ?? '');
      },
      async close() {
        await store.close();
        lister.destroy();
      },
    };
  },
};

async function* chunksOf(data: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts);
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe.each(Object.keys(kinds))('blob store on a %s', (kind) => {
  let t: StoreUnderTest;
  beforeAll(async () => {
    t = await kinds[kind]!();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores bytes under their sha256 and reads them back', async () => {
    const data = randomBytes(300 * 1024);
    const ref = await t.store.put(chunksOf(data));
    expect(ref).toEqual({ sha256: sha256(data), size: data.length });
    expect(await t.store.has(ref.sha256)).toBe(true);
    expect((await readAll(await t.store.open(ref.sha256))).equals(data)).toBe(true);
  });

  it('reads an inclusive byte range', async () => {
    const data = Buffer.from('0123456789abcdef');
    const ref = await t.store.put(chunksOf(data, 3));
    expect((await readAll(await t.store.open(ref.sha256, { start: 4, end: 9 }))).toString()).toBe('456789');
  });

  it('gives identical content the same address, whatever the chunking', async () => {
    const data = randomBytes(100 * 1024);
    const a = await t.store.put(chunksOf(data, 1000));
    const b = await t.store.put(chunksOf(data, 7777));
    expect(b).toEqual(a);
    expect((await readAll(await t.store.open(a.sha256))).equals(data)).toBe(true);
  });

  it('stores an empty blob', async () => {
    const ref = await t.store.put(chunksOf(Buffer.alloc(0)));
    expect(ref).toEqual({ sha256: sha256(Buffer.alloc(0)), size: 0 });
    expect((await readAll(await t.store.open(ref.sha256))).length).toBe(0);
  });

  it('streams a blob of several multipart parts', async () => {
    const data = randomBytes(12 * mib);
    const ref = await t.store.put(chunksOf(data, mib));
    expect(ref.sha256).toBe(sha256(data));
    const back = await readAll(await t.store.open(ref.sha256));
    expect(sha256(back)).toBe(ref.sha256);
    expect(await t.leftovers()).toEqual([]);
  });

  it('stores content that ends exactly on a part boundary', async () => {
    for (const size of [5 * mib, 10 * mib]) {
      const data = randomBytes(size);
      const ref = await t.store.put(chunksOf(data, 100_000));
      expect(ref).toEqual({ sha256: sha256(data), size });
      expect(sha256(await readAll(await t.store.open(ref.sha256)))).toBe(ref.sha256);
    }
  });

  it('reports an absent blob: has is false and open fails with NOT_FOUND', async () => {
    const absent = sha256(Buffer.from('never stored'));
    expect(await t.store.has(absent)).toBe(false);
    await expect(t.store.open(absent)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes a blob, and deleting an absent blob is not an error', async () => {
    const ref = await t.store.put(chunksOf(Buffer.from('short-lived')));
    await t.store.delete(ref.sha256);
    expect(await t.store.has(ref.sha256)).toBe(false);
    await t.store.delete(ref.sha256);
  });

  it('keeps nothing of an upload whose source fails midway', async () => {
    const failing = async function* (): AsyncGenerator<Uint8Array> {
      yield randomBytes(6 * mib);
      throw new Error('client went away');
    };
    await expect(t.store.put(failing())).rejects.toThrow('client went away');
    expect(await t.leftovers()).toEqual([]);
  });

  it('refuses an address that is not a sha256 before touching storage', async () => {
    await expect(t.store.open('../../etc/passwd')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(t.store.delete('ABC')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('local folder blob store', () => {
  it('clears temp files that a crashed writer left a day ago, and keeps recent ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cairn-blobs-'));
    try {
      await FsBlobStore.open(root);
      const old = join(root, 'tmp', 'crashed-upload');
      const recent = join(root, 'tmp', 'upload-in-flight');
      await writeFile(old, 'partial');
      await writeFile(recent, 'partial');
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
      await utimes(old, twoDaysAgo, twoDaysAgo);
      await FsBlobStore.open(root);
      expect(await readdir(join(root, 'tmp'))).toEqual(['upload-in-flight']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
