import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { artifactPathFromUrl, basenameOf } from '../../../domain/artifacts/artifact-path.js';
import type { ArtifactService } from '../../../domain/artifacts/artifact-service.js';
import type { RunArtifacts } from '../../../domain/artifacts/run-artifacts.js';
import { invalidArgument } from '../../../domain/errors.js';
import { optional, parseRequest, requireRunId, runIdFields } from '../mlflow/mlflow-json.js';
import { sendArtifact } from './send-artifact.js';

export interface MlflowArtifactRoutesOptions {
  artifacts: ArtifactService;
  runArtifacts: RunArtifacts;
}

const proxied = '/api/2.0/mlflow-artifacts';
const artifactUrlPrefix = `${proxied}/artifacts/`;
/** Both mounts of the tracking API; MLflow's UI lists run artifacts through the ajax one. */
const trackingPrefixes = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'] as const;

/** The client falls back to one plain PUT only when the message starts with exactly this sentence. */
const multipartUnsupported = 'Multipart upload is not supported for the current artifact repository';

const listQuery = z.object({ path: optional(z.string()) });
const runListQuery = z.object({ ...runIdFields, path: optional(z.string()), page_token: optional(z.string()) });
const runFileQuery = z.object({ ...runIdFields, path: z.string() });

/**
 * MLflow's proxied artifact API (`mlflow server --serve-artifacts`) and the tracking API's run
 * artifact listing. Uploads are streamed to the blob store as they arrive, whatever their size.
 */
export async function mlflowArtifactRoutes(server: FastifyInstance, options: MlflowArtifactRoutesOptions): Promise<void> {
  const { artifacts, runArtifacts } = options;

  // Artifact bodies are raw bytes of any type (JSON files included): hand the stream over unread.
  // This plugin is encapsulated, so the JSON parsing of every other route is untouched.
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  server.put(`${artifactUrlPrefix}*`, async (request, reply) => {
    // No body parser runs for a body-less PUT (no Content-Type, length 0): that is an empty file.
    const content = (request.body as AsyncIterable<Uint8Array> | undefined) ?? emptyContent();
    await artifacts.put(pathInUrl(request), content);
    return reply.send({});
  });

  server.route({
    method: ['GET', 'HEAD'],
    url: `${artifactUrlPrefix}*`,
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const file = await artifacts.stat(pathInUrl(request));
      return sendArtifact(request, reply, file, (f, range) => artifacts.read(f, range));
    },
  });

  server.delete(`${artifactUrlPrefix}*`, async (request, reply) => {
    await artifacts.delete(pathInUrl(request));
    return reply.send({});
  });

  server.get(`${proxied}/artifacts`, async (request) => {
    const { path = '' } = parseRequest(listQuery, request.query);
    const entries = await artifacts.list(path);
    return { files: entries.map((entry) => fileInfoJson({ ...entry, path: basenameOf(entry.path) })) };
  });

  for (const action of ['create', 'complete', 'abort']) {
    const unsupported = async (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> =>
      reply.code(501).send({
        error_code: 'NOT_IMPLEMENTED',
        message: `${multipartUnsupported}: Cairn streams single-request uploads of any size, so upload the file with one PUT.`,
      });
    server.post(`${proxied}/mpu/${action}`, unsupported);
    server.post(`${proxied}/mpu/${action}/*`, unsupported);
  }

  for (const prefix of trackingPrefixes) {
    server.get(`${prefix}/artifacts/list`, async (request) => {
      const query = parseRequest(runListQuery, request.query);
      const listing = await runArtifacts.list(requireRunId(query), query.path ?? '');
      // Paging is optional in the protocol; one answer carries the whole folder.
      return { root_uri: listing.rootUri, files: listing.files.map(fileInfoJson) };
    });
  }

  // The download URL of MLflow's UI, here for links and previews addressed by run id.
  server.route({
    method: ['GET', 'HEAD'],
    url: '/get-artifact',
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const query = parseRequest(runFileQuery, request.query);
      const file = await runArtifacts.stat(requireRunId(query), query.path);
      return sendArtifact(request, reply, file, (f, range) => runArtifacts.read(f, range));
    },
  });
}

/**
 * The artifact path as sent, still percent-encoded: the router's own decoding would turn `%2f` into a
 * real separator, so the domain decodes it, refusing such tricks. Anything but the literal route
 * prefix (an encoded prefix, say) is refused too.
 */
function pathInUrl(request: FastifyRequest): string {
  const path = request.url.split('?', 1)[0] ?? '';
  if (!path.startsWith(artifactUrlPrefix)) throw invalidArgument(`artifact URLs must start with ${artifactUrlPrefix}`);
  return artifactPathFromUrl(path.slice(artifactUrlPrefix.length));
}

function fileInfoJson(entry: { path: string; isDir: boolean; fileSize?: number }): Record<string, unknown> {
  return entry.isDir ? { path: entry.path, is_dir: true } : { path: entry.path, is_dir: false, file_size: entry.fileSize ?? 0 };
}

async function* emptyContent(): AsyncGenerator<Uint8Array> {}
