import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { ArtifactFile } from '../../../domain/artifacts/artifact-index-store.js';
import { basenameOf } from '../../../domain/artifacts/artifact-path.js';
import type { ByteRange } from '../../../domain/artifacts/artifact-service.js';
import { attachmentDisposition, guessContentType } from './content-type.js';

export type ReadArtifact = (file: ArtifactFile, range?: ByteRange) => Promise<Readable>;

/**
 * Streams a stored file: Content-Type from its name, `Content-Disposition: attachment` as MLflow
 * answers, one `Range` (so previews can fetch a head and downloads can resume), and the content
 * hash as a strong ETag. HEAD never opens the blob.
 */
export async function sendArtifact(request: FastifyRequest, reply: FastifyReply, file: ArtifactFile, read: ReadArtifact): Promise<FastifyReply> {
  const etag = `"${file.sha256}"`;
  reply
    .header('content-type', guessContentType(basenameOf(file.path)))
    .header('content-disposition', attachmentDisposition(basenameOf(file.path)))
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'no-cache')
    // Uploaded HTML or SVG must never run as this origin's page.
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', 'sandbox');

  if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();

  const range = parseRange(request.headers.range, file.size);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${file.size}`).send();
  }
  if (range) reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
  reply.header('content-length', range ? range.end - range.start + 1 : file.size);
  if (request.method === 'HEAD') return reply.send();
  return reply.send(await read(file, range));
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * One `bytes=` range (`a-b`, `a-`, `-n`). Several ranges, or a header that does not parse, are
 * ignored and the whole file is sent, which RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header || size === 0) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}
