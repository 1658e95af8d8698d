import { HeadBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

export interface S3Location {
  bucket: string;
  /** '' or a key prefix ending in '/'. */
  prefix: string;
}

/** `s3://bucket/some/prefix` -> bucket and normalised prefix; undefined for anything that is not s3://. */
export function parseS3Location(location: string): S3Location | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(location);
  if (!match) return undefined;
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1] ?? '', prefix: prefix === '' ? '' : `${prefix}/` };
}

/**
 * The S3 client as the standard AWS variables describe it. Any explicit endpoint means an
 * S3-compatible server (MinIO, Ceph, s3rver...), which generally wants path-style addressing.
 */
export function s3ClientConfig(env: NodeJS.ProcessEnv): S3ClientConfig {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
  const config: S3ClientConfig = {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    // Newer SDKs add CRC checksums (and aws-chunked trailers on streams) by default, which several
    // S3-compatible servers store verbatim or reject; Cairn verifies content with its own sha256.
    requestChecksumCalculation: env.AWS_REQUEST_CHECKSUM_CALCULATION === 'WHEN_SUPPORTED' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    responseChecksumValidation: env.AWS_RESPONSE_CHECKSUM_VALIDATION === 'WHEN_SUPPORTED' ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
  };
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    config.credentials = {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  // Otherwise the SDK's default chain applies (shared profile, web identity, instance role).
  return config;
}

/**
 * Opens the blob store named by the `artifacts` setting: `s3://bucket/prefix` (checked for reachability
 * now, so a wrong bucket or credentials fail at start-up rather than on the first upload), or a
 * local folder (a plain path or a `file://` URL).
 */
export async function openBlobStore(location: string, env: NodeJS.ProcessEnv = process.env): Promise<BlobStore> {
  const s3 = parseS3Location(location);
  if (s3) {
    if (s3.bucket === '') throw new Error(`invalid setting CAIRN_ARTIFACTS: no bucket in ${location}`);
    const client = new S3Client(s3ClientConfig(env));
    try {
      await client.send(new HeadBucketCommand({ Bucket: s3.bucket }));
    } catch (error) {
      client.destroy();
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(`cannot open artifact bucket ${s3.bucket}: ${reason}`);
    }
    return new S3BlobStore({ client, bucket: s3.bucket, prefix: s3.prefix });
  }
  if (location.startsWith('file://')) return FsBlobStore.open(fileURLToPath(location));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new Error(`invalid setting CAIRN_ARTIFACTS: unsupported location ${location} (use a folder or s3://bucket/prefix)`);
  }
  return FsBlobStore.open(location);
}
