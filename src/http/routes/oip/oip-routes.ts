import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InferenceService, ServedModel } from '../../../domain/serving/inference-service.js';
import { buildInferResponse, parseInferRequest } from '../../../domain/serving/oip-codec.js';
import { inferenceBodyLimit, tagPrediction, versionOfPath } from './serving-reply.js';

export interface OipRoutesOptions {
  inference: InferenceService;
  version: string;
}

type ModelParams = { name: string };
type VersionParams = { name: string; version: string };

/**
 * Open Inference Protocol v2 REST (docs/serving.md, "Inference"). A deployment is the protocol's
 * model; its versions are the model versions the deployment serves. Errors are `{"error": message}`
 * (the 'oip' surface in server.ts).
 */
export async function oipRoutes(server: FastifyInstance, options: OipRoutesOptions): Promise<void> {
  const { inference } = options;

  server.get('/v2/health/live', async () => ({ live: true }));
  // Models load on first use, so the server is ready as soon as it takes requests.
  server.get('/v2/health/ready', async () => ({ ready: true }));
  server.get('/v2', async () => ({ name: 'cairn', version: options.version, extensions: [] }));

  const metadata = (served: ServedModel) => {
    const spec = served.deployment.current.spec;
    const versions = 'alias' in spec ? [String(served.target.version)] : [...new Set(spec.versions.map((v) => String(v.version)))];
    return {
      name: served.deployment.name,
      versions,
      platform: 'onnx_onnxv1',
      inputs: served.signature.inputs.map(metadataTensor),
      outputs: served.signature.outputs.map(metadataTensor),
    };
  };
  server.get<{ Params: ModelParams }>('/v2/models/:name', async (request) => metadata(await inference.resolve(request.params.name)));
  server.get<{ Params: VersionParams }>('/v2/models/:name/versions/:version', async (request) =>
    metadata(await inference.resolve(request.params.name, versionOfPath(request.params.name, request.params.version))),
  );

  // Ready means loaded: asking loads the model, so a readiness probe also warms it.
  server.get<{ Params: ModelParams }>('/v2/models/:name/ready', async (request) => {
    const served = await inference.resolve(request.params.name);
    return { name: served.deployment.name, ready: true };
  });
  server.get<{ Params: VersionParams }>('/v2/models/:name/versions/:version/ready', async (request) => {
    const served = await inference.resolve(request.params.name, versionOfPath(request.params.name, request.params.version));
    return { name: served.deployment.name, ready: true };
  });

  const infer = async (request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply, version?: number) => {
    const answer = await inference.predict({ deployment: request.params.name, version, headers: request.headers, body: request.body, decode: parseInferRequest });
    tagPrediction(reply, answer.id, answer.target);
    const { id, outputs } = answer.decoded;
    return buildInferResponse({ modelName: answer.deployment.name, modelVersion: String(answer.target.version), id, outputs: answer.outputs, requested: outputs });
  };
  server.post<{ Params: ModelParams }>('/v2/models/:name/infer', { bodyLimit: inferenceBodyLimit }, async (request, reply) => infer(request, reply));
  server.post<{ Params: VersionParams }>('/v2/models/:name/versions/:version/infer', { bodyLimit: inferenceBodyLimit }, async (request, reply) =>
    infer(request, reply, versionOfPath(request.params.name, request.params.version)),
  );
}

/** OIP metadata tensors need a shape; an unknown rank (null in a registry signature) is written as `[-1]`. */
function metadataTensor(spec: { name: string; datatype: string; shape: number[] | null }) {
  return { name: spec.name, datatype: spec.datatype, shape: spec.shape ?? [-1] };
}
