import { sendArtifact } from '../mlflow-artifacts/send-artifact.js';
import { finalizeBodySchema, modelFileQuerySchema, uploadedModelFileSchema } from './model-file-schemas.js';
import { versionDetailSchema, versionParamsSchema } from './registry-schemas.js';
import { jsonRoute, streamRoute, type AnyRoute } from './route.js';

/** Files of model versions: uploads to a version created with `upload`, finalization, downloads. */
export const modelFileRoutes: AnyRoute[] = [
  streamRoute({
    method: 'PUT',
    path: '/models/{name}/versions/{version}/files/content',
    operationId: 'uploadModelVersionFile',
    summary: 'Upload one file of a version created with `upload` (raw bytes of any size; replaces a file at the same path)',
    tag: 'models',
    status: 201,
    params: versionParamsSchema,
    query: modelFileQuerySchema,
    requestMediaType: 'application/octet-stream',
    response: uploadedModelFileSchema,
    handler: async ({ params, query }, { modelFiles }, { request, reply }) => {
      const file = await modelFiles.putFile(params.name, params.version, query.path, request.body as AsyncIterable<Uint8Array>);
      return reply.code(201).send({ file });
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/models/{name}/versions/{version}/finalize',
    operationId: 'finalizeModelVersion',
    summary: 'Record the uploaded files (sizes, sha256), the format and the signature, and make the version READY',
    tag: 'models',
    params: versionParamsSchema,
    body: finalizeBodySchema,
    response: versionDetailSchema,
    handler: async ({ params }, { modelFiles }) => {
      const version = await modelFiles.finalize(params.name, params.version);
      return { version, files: await modelFiles.files(version.name, version.version) };
    },
  }),
  streamRoute({
    method: 'GET',
    path: '/models/{name}/versions/{version}/files/content',
    operationId: 'downloadModelVersionFile',
    summary: 'Download one recorded file of a version (streamed; supports a single `Range`)',
    tag: 'models',
    params: versionParamsSchema,
    query: modelFileQuerySchema,
    mediaType: 'application/octet-stream',
    handler: async ({ params, query }, { modelFiles }, { request, reply }) => {
      const { file, read } = await modelFiles.openFile(params.name, params.version, query.path);
      return sendArtifact(request, reply, file, (_, range) => read(range));
    },
  }),
];
