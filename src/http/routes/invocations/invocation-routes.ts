import type { FastifyInstance } from 'fastify';
import type { InferenceService } from '../../../domain/serving/inference-service.js';
import { buildInvocationResponse, buildRecordsResponse, parseInvocationRequest, parseRecordsRequest } from '../../../domain/serving/invocations-codec.js';
import { CsvBody } from '../../../domain/serving/csv-invocations.js';
import type { ModelSignature } from '../../../domain/registry/model-files.js';
import { inferenceBodyLimit, tagPrediction } from '../oip/serving-reply.js';

export interface InvocationRoutesOptions {
  inference: InferenceService;
}

type Params = { name: string };

const decodeRecords = (body: unknown, signature: ModelSignature) => ({ inputs: parseRecordsRequest(body, signature) });

/**
 * The tabular entry points (docs/serving.md, "Inference"): MLflow's `/invocations` formats (JSON and CSV), and
 * Cairn's records predict. Both answer `{"predictions": ...}` plus the prediction id; errors use
 * Cairn's own `{error: {code, message}}`.
 */
export async function invocationRoutes(server: FastifyInstance, options: InvocationRoutesOptions): Promise<void> {
  const { inference } = options;
  // MLflow's scoring server also takes a DataFrame as CSV with a header row; JSON stays the default.
  server.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: inferenceBodyLimit }, (_request, body, done) => done(null, new CsvBody(body as string)));

  server.post<{ Params: Params }>('/deployments/:name/invocations', { bodyLimit: inferenceBodyLimit }, async (request, reply) => {
    const answer = await inference.predict({ deployment: request.params.name, headers: request.headers, body: request.body, decode: parseInvocationRequest });
    // MLflow's answer has no room for an id beside `predictions` that its clients would not misread: headers only.
    tagPrediction(reply, answer.id, answer.target);
    return buildInvocationResponse(answer.outputs);
  });

  // A plain route rather than a route-table entry: its body and answer follow the model's signature, not a fixed schema.
  server.post<{ Params: Params }>('/api/v1/deployments/:name/predict', { bodyLimit: inferenceBodyLimit }, async (request, reply) => {
    const answer = await inference.predict({ deployment: request.params.name, headers: request.headers, body: request.body, decode: decodeRecords });
    tagPrediction(reply, answer.id, answer.target);
    return { predictionId: answer.id, model: answer.target.model, modelVersion: answer.target.version, ...buildRecordsResponse(answer.outputs) };
  });
}
