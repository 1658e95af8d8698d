import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../../src/storage/blob/fs-blob-store.js';
import { openBlobStore, parseS3Location, s3ClientConfig } from '../../../src/storage/blob/open-blob-store.js';
import { S3BlobStore } from '../../../src/storage/blob/s3-blob-store.js';
import { startS3TestServer, type S3TestServer } from './s3-test-server.js';

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

describe('parseS3Location', () => {
  it('splits bucket and prefix, normalising the prefix to end in one slash', () => {
    expect(parseS3Location('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Location('s3://bucket/')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Location('s3://bucket/team/cairn')).toEqual({ bucket: 'bucket', prefix: 'team/cairn/' });
    expect(parseS3Location('s3://bucket/team/cairn/')).toEqual({ bucket: 'bucket', prefix: 'team/cairn/' });
  });

  it('is undefined for anything that is not an s3 URL', () => {
    expect(parseS3Location('./cairn-data/artifacts')).toBeUndefined();
    expect(parseS3Location('gs://bucket/x')).toBeUndefined();
  });
});

describe('s3ClientConfig', () => {
  it('uses path-style addressing against an explicit endpoint, preferring the S3-specific variable', () => {
    const config = s3ClientConfig({ AWS_ENDPOINT_URL: 'http://general:9000', AWS_ENDPOINT_URL_S3: 'http://s3only:9000', AWS_REGION: 'eu-west-3' });
    expect(config).toMatchObject({ endpoint: 'http://s3only:9000', forcePathStyle: true, region: 'eu-west-3' });
  });

  it('leaves AWS itself to virtual-hosted addressing, with a default region', () => {
    const config = s3ClientConfig({});
    expect(config.endpoint).toBeUndefined();
    expect(config.forcePathStyle).toBeUndefined();
    expect(config.region).toBe('us-east-1');
  });

  it('takes static credentials from the environment when both keys are set', () => {
    const config = s3ClientConfig({ AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    expect(config.credentials).toEqual({ accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 'token' });
  });
});

describe('openBlobStore', () => {
  let s3: S3TestServer;
  beforeAll(async () => {
    s3 = await startS3TestServer();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('opens s3://bucket/prefix from the standard AWS variables and keeps blobs under the prefix', async () => {
    const store = await openBlobStore(`s3://${s3.bucket}/team/cairn`, s3.env);
    const client = new S3Client(s3ClientConfig(s3.env));
    try {
      expect(store).toBeInstanceOf(S3BlobStore);
      const ref = await store.put(bytes('hello from s3'));
      const listing = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'team/cairn/' }));
      expect((listing.Contents ?? []).map((o) => o.Key)).toEqual([`team/cairn/blobs/${ref.sha256.slice(0, 2)}/${ref.sha256}`]);
    } finally {
      await store.close();
      client.destroy();
    }
  });

  it('fails at start-up, naming the bucket, when the bucket does not exist', async () => {
    await expect(openBlobStore('s3://no-such-bucket/x', s3.env)).rejects.toThrow(/cannot open artifact bucket no-such-bucket/);
  });

  it('opens a local folder given as a path or a file URL', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cairn-open-'));
    try {
      const byPath = await openBlobStore(join(root, 'a'));
      const byUrl = await openBlobStore(pathToFileURL(join(root, 'b')).href);
      expect(byPath).toBeInstanceOf(FsBlobStore);
      expect(byUrl).toBeInstanceOf(FsBlobStore);
      expect((await readdir(join(root, 'b'))).sort()).toEqual(['blobs', 'tmp']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses a location scheme it cannot serve', async () => {
    await expect(openBlobStore('gs://bucket/x')).rejects.toThrow(/unsupported location/);
  });
});
