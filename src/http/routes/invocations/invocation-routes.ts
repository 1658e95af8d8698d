import type { FastifyInstance } from 'fastify';
import type { InferenceService } from '../../../domain/serving/inference-service.js';
import { buildInvocationResponse, buildRecordsResponse, parseInvocationRequest, parseRecordsRequest } from '../../../domain/serving/invocations-codec.js';
import { inferenceBodyLimit, tagPrediction } from '../oip/serving-reply.js';

export interface InvocationRoutesOptions {
  inference: InferenceService;
}

type Params = { name: string };

/**
 * The tabular entry points (docs/serving.md, "Inference"): MLflow's `/invocations` formats, and
 * Cairn's records predict. Both answer `{"predictions": ...}` plus the prediction id; errors use
 * Cairn's own `{error: {code, message}}`.
 */
export async function invocationRoutes(server: FastifyInstance, options: InvocationRoutesOptions): Promise<void> {
  const { inference } = options;

  server.post<{ Params: Params }>('/deployments/:name/invocations', { bodyLimit: inferenceBodyLimit }, async (request, reply) => {
    const served = await inference.resolve(request.params.name);
    const parsed = parseInvocationRequest(request.body, served.signature);
    const outputs = await inference.run(served, parsed.inputs);
    // MLflow's answer has no room for an id beside `predictions` that its clients would not misread: headers only.
    tagPrediction(reply, served.target);
    return buildInvocationResponse(outputs);
  });

  // A plain route rather than a route-table entry: its body and answer follow the model's signature, not a fixed schema.
  server.post<{ Params: Params }>('/api/v1/deployments/:name/predict', { bodyLimit: inferenceBodyLimit }, async (request, reply) => {
    const served = await inference.resolve(request.params.name);
    const inputs = parseRecordsRequest(request.body, served.signature);
    const outputs = await inference.run(served, inputs);
    const predictionId = tagPrediction(reply, served.target);
    return { predictionId, model: served.target.model, modelVersion: served.target.version, ...buildRecordsResponse(outputs) };
  });
}
