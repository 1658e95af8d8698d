import type { ModelCardView } from '../../../domain/registry/model-card-service.js';
import { fillEvaluationBodySchema, modelCardEnvelopeSchema, putModelCardBodySchema } from './model-card-schemas.js';
import { modelNameParamsSchema } from './registry-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { wireValue } from './wire.js';

function toWireCard(view: ModelCardView) {
  const { evaluation } = view.card;
  if (evaluation === null) return view;
  const metrics = evaluation.metrics.map((m) => ({ key: m.key, value: wireValue(m.value) }));
  return { ...view, card: { ...view.card, evaluation: { ...evaluation, metrics } } };
}

export const modelCardRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/models/{name}/card',
    operationId: 'getModelCard',
    summary: "Get a model's card with its completeness (an empty card when none was written)",
    tag: 'models',
    params: modelNameParamsSchema,
    response: modelCardEnvelopeSchema,
    handler: async ({ params }, { modelCards }) => toWireCard(await modelCards.getCard(params.name)),
  }),
  jsonRoute({
    method: 'PUT',
    path: '/models/{name}/card',
    operationId: 'putModelCard',
    summary: "Replace a model card's written fields; the evaluation summary is kept",
    tag: 'models',
    params: modelNameParamsSchema,
    body: putModelCardBodySchema,
    response: modelCardEnvelopeSchema,
    handler: async ({ params, body }, { modelCards }) => {
      // Older clients still send updatedBy; the card records the caller instead.
      const { updatedBy: _ignored, ...fields } = body;
      return toWireCard(await modelCards.updateCard(params.name, fields));
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/models/{name}/card/evaluation',
    operationId: 'fillModelCardEvaluation',
    summary: "Fill the card's evaluation summary from a version's run metrics",
    tag: 'models',
    params: modelNameParamsSchema,
    body: fillEvaluationBodySchema,
    response: modelCardEnvelopeSchema,
    handler: async ({ params, body }, { modelCards }) => toWireCard(await modelCards.fillEvaluationFromVersion(params.name, body.version)),
  }),
];
