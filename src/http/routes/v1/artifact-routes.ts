import { artifactRootOfUri, checkArtifactPath, joinArtifactPath } from '../../../domain/artifacts/artifact-path.js';
import { invalidArgument } from '../../../domain/errors.js';
import { sendArtifact } from '../mlflow-artifacts/send-artifact.js';
import { artifactFileQuerySchema, artifactListingSchema, listArtifactsQuerySchema, uploadedArtifactSchema } from './artifact-schemas.js';
import { jsonRoute, streamRoute, type AnyRoute } from './route.js';
import { runIdParamsSchema } from './schemas.js';

export const artifactRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/runs/{runId}/artifacts',
    operationId: 'listArtifacts',
    summary: "List one folder of a run's artifacts",
    tag: 'artifacts',
    params: runIdParamsSchema,
    query: listArtifactsQuerySchema,
    response: artifactListingSchema,
    handler: ({ params, query }, { runArtifacts }) => runArtifacts.list(params.runId, query.path),
  }),
  streamRoute({
    method: 'GET',
    path: '/runs/{runId}/artifacts/content',
    operationId: 'downloadArtifact',
    summary: 'Download one artifact file (streamed; supports a single `Range`)',
    tag: 'artifacts',
    params: runIdParamsSchema,
    query: artifactFileQuerySchema,
    mediaType: 'application/octet-stream',
    handler: async ({ params, query }, { runArtifacts }, { request, reply }) => {
      const file = await runArtifacts.stat(params.runId, query.path);
      return sendArtifact(request, reply, file, (f, range) => runArtifacts.read(f, range));
    },
  }),
  streamRoute({
    method: 'PUT',
    path: '/runs/{runId}/artifacts/content',
    operationId: 'uploadArtifact',
    summary: 'Upload one artifact file (the raw bytes are the body, of any size; replaces an existing file)',
    tag: 'artifacts',
    status: 201,
    params: runIdParamsSchema,
    query: artifactFileQuerySchema,
    requestMediaType: 'application/octet-stream',
    response: uploadedArtifactSchema,
    handler: async ({ params, query }, { tracking, artifacts }, { request, reply }) => {
      const relative = checkArtifactPath(query.path);
      const info = await tracking.getRunInfo(params.runId);
      if (info.lifecycleStage !== 'active') throw invalidArgument(`The run '${info.runId}' must be in the 'active' state; it is '${info.lifecycleStage}'`);
      const root = artifactRootOfUri(info.artifactUri);
      if (root === undefined) throw invalidArgument(`artifacts of run ${info.runId} are stored at ${info.artifactUri}, outside this server`);
      const file = await artifacts.put(joinArtifactPath(root, relative), request.body as AsyncIterable<Uint8Array>);
      return reply.code(201).send({ file: { path: relative, isDir: false, fileSize: file.size } });
    },
  }),
];
