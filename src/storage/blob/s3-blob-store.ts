import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { notFound } from '../../domain/errors.js';
import { blobRelativePath, checkSha256, measured, type BlobRef, type BlobStore, type ByteRange } from './blob-store.js';
import { uploadStream } from './s3-stream-upload.js';

const mib = 1024 * 1024;

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, '' or ending in '/'. */
  prefix: string;
  /** Multipart part size for uploads; memory per upload is about partSize * (queueSize + 1). */
  partSize?: number;
  queueSize?: number;
  /** Objects above this are copied part by part (S3 refuses a single CopyObject above 5 GiB). */
  maxSingleCopyBytes?: number;
  copyPartSize?: number;
}

/**
 * Blobs as objects `<prefix>blobs/<2 hex>/<sha256>`. The hash is known only after the last byte,
 * so the bytes are streamed (multipart, a few reused part buffers in memory) to a temp key
 * `<prefix>tmp/<uuid>` while being hashed, then copied server-side to their final key and the temp
 * key removed. The final key therefore only ever holds complete content; the server needs no
 * scratch disk, and the bytes cross the network once. A crash can leave temp keys behind: a
 * lifecycle rule expiring `<prefix>tmp/` after a day cleans them (docs/artifacts.md).
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly maxSingleCopyBytes: number;
  private readonly copyPartSize: number;

  constructor(options: S3BlobStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.prefix = options.prefix;
    this.partSize = options.partSize ?? 5 * mib;
    this.queueSize = options.queueSize ?? 4;
    this.maxSingleCopyBytes = options.maxSingleCopyBytes ?? 5 * 1024 * mib;
    this.copyPartSize = options.copyPartSize ?? 512 * mib;
  }

  private keyOf(sha256: string): string {
    return this.prefix + blobRelativePath(sha256);
  }

  async put(content: AsyncIterable<Uint8Array>): Promise<BlobRef> {
    const tempKey = `${this.prefix}tmp/${randomUUID()}`;
    const counted = measured(content);
    await uploadStream(this.client, this.bucket, tempKey, counted.chunks, { partSize: this.partSize, queueSize: this.queueSize });
    try {
      const ref = counted.result();
      if (!(await this.has(ref.sha256))) await this.copy(tempKey, this.keyOf(ref.sha256), ref.size);
      return ref;
    } finally {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: tempKey }));
    }
  }

  async open(sha256: string, range?: ByteRange): Promise<Readable> {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }),
      );
      // In Node the SDK's body is an http.IncomingMessage, i.e. a Readable.
      return response.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw notFound(`blob ${sha256} does not exist`);
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(checkSha256(sha256)) }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private async copy(from: string, to: string, size: number): Promise<void> {
    const source = `${this.bucket}/${from.split('/').map(encodeURIComponent).join('/')}`;
    if (size <= this.maxSingleCopyBytes) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source }));
      return;
    }
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }));
    if (!UploadId) throw new Error('S3 CreateMultipartUpload answered without an UploadId');
    try {
      const parts = await this.copyParts(source, to, UploadId, size);
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: to, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  /** Server-side UploadPartCopy of consecutive ranges, a few at a time. */
  private async copyParts(source: string, key: string, uploadId: string, size: number): Promise<CompletedPart[]> {
    const count = Math.ceil(size / this.copyPartSize);
    const parts: CompletedPart[] = new Array<CompletedPart>(count);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const index = next++;
        const start = index * this.copyPartSize;
        const end = Math.min(size, start + this.copyPartSize) - 1;
        const response = await this.client.send(
          new UploadPartCopyCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: index + 1, CopySource: source, CopySourceRange: `bytes=${start}-${end}` }),
        );
        parts[index] = { PartNumber: index + 1, ETag: response.CopyPartResult?.ETag };
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.queueSize, count) }, worker));
    return parts;
  }
}

function isMissing(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
