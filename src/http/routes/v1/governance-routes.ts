import type { PromotionRequest } from '../../../domain/governance/promotion.js';
import {
  decidePromotionBodySchema,
  openPromotionBodySchema,
  policyEnvelopeSchema,
  policyListSchema,
  policyParamsSchema,
  projectParamsSchema,
  promotionEnvelopeSchema,
  promotionListQuerySchema,
  promotionListSchema,
  promotionParamsSchema,
  putPolicyBodySchema,
} from './governance-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { defined, wireValue } from './wire.js';

/** The internal project id stays inside; metric values that JSON cannot carry travel as strings. */
function toWirePromotion(request: PromotionRequest) {
  const { projectId: _projectId, ...rest } = request;
  const { metric } = request.evidence;
  const wireMetric = metric && {
    ...metric,
    candidate: metric.candidate === null ? null : wireValue(metric.candidate),
    current: metric.current === null ? null : wireValue(metric.current),
  };
  return { ...rest, evidence: { ...request.evidence, metric: wireMetric } };
}

const decide = (verb: 'approve' | 'reject' | 'withdraw', summary: string) =>
  jsonRoute({
    method: 'POST',
    path: `/promotions/{id}/${verb}`,
    operationId: `${verb}Promotion`,
    summary,
    tag: 'governance',
    params: promotionParamsSchema,
    body: decidePromotionBodySchema,
    response: promotionEnvelopeSchema,
    handler: async ({ params, body }, { governance }) => ({ promotion: toWirePromotion(await governance[verb](params.id, body.comment)) }),
  });

export const governanceRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/projects/{project}/policies',
    operationId: 'listPolicies',
    summary: "Every risk tier's promotion policy as it applies in the project (its own, or Cairn's default)",
    tag: 'governance',
    params: projectParamsSchema,
    response: policyListSchema,
    handler: async ({ params }, { governance }) => ({ policies: await governance.listPolicies(params.project) }),
  }),
  jsonRoute({
    method: 'PUT',
    path: '/projects/{project}/policies/{riskTier}',
    operationId: 'putPolicy',
    summary: 'Set the promotion policy of a risk tier (low, medium, high, critical, or default for models without a tier)',
    tag: 'governance',
    params: policyParamsSchema,
    body: putPolicyBodySchema,
    response: policyEnvelopeSchema,
    handler: async ({ params, body }, { governance }) => ({ policy: await governance.setPolicy(params.project, params.riskTier, body) }),
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/projects/{project}/policies/{riskTier}',
    operationId: 'resetPolicy',
    summary: "Drop the project's policy for a tier, so Cairn's default applies again",
    tag: 'governance',
    params: policyParamsSchema,
    response: policyEnvelopeSchema,
    handler: async ({ params }, { governance }) => ({ policy: await governance.resetPolicy(params.project, params.riskTier) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/promotions',
    operationId: 'openPromotion',
    summary: 'Request that an alias (usually a protected one) point at a version; Cairn computes and stores the evidence',
    tag: 'governance',
    status: 201,
    body: openPromotionBodySchema,
    response: promotionEnvelopeSchema,
    handler: async ({ body }, { governance }) => ({ promotion: toWirePromotion(await governance.openPromotion(defined(body))) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/promotions',
    operationId: 'listPromotions',
    summary: 'Promotion requests, newest first, in the projects the caller may read',
    tag: 'governance',
    query: promotionListQuerySchema,
    response: promotionListSchema,
    handler: async ({ query }, { governance }) => {
      const page = await governance.listPromotions(defined(query));
      return defined({ promotions: page.items.map(toWirePromotion), nextPageToken: page.nextPageToken });
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/promotions/{id}',
    operationId: 'getPromotion',
    summary: 'A promotion request with its evidence, policy and decisions',
    tag: 'governance',
    params: promotionParamsSchema,
    response: promotionEnvelopeSchema,
    handler: async ({ params }, { governance }) => ({ promotion: toWirePromotion(await governance.getPromotion(params.id)) }),
  }),
  decide('approve', 'Approve a request; the last approval its policy needs moves the alias in the same transaction'),
  decide('reject', 'Reject a request; it is closed and the alias stays'),
  decide('withdraw', 'Withdraw a request (its requester, or a project admin)'),
];
