import { jsonRoute, type AnyRoute } from './route.js';
import {
  createDeploymentBodySchema,
  deploymentAnswerSchema,
  deploymentListSchema,
  deploymentNameParamsSchema,
  deploymentRevisionListSchema,
  listDeploymentsQuerySchema,
  rollbackDeploymentBodySchema,
  updateDeploymentBodySchema,
} from './deployment-schemas.js';
import { emptySchema } from './schemas.js';
import { defined } from './wire.js';

/** Deployments as data; changes need the deploy permission in the project, reads need read. */
export const deploymentRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/deployments',
    operationId: 'listDeployments',
    summary: 'List the deployments of the projects the caller may read',
    tag: 'deployments',
    query: listDeploymentsQuerySchema,
    response: deploymentListSchema,
    handler: async ({ query }, { deployments }) => ({ deployments: await deployments.list(query.project) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/deployments',
    operationId: 'createDeployment',
    summary: 'Create a deployment (its revision 1)',
    tag: 'deployments',
    status: 201,
    body: createDeploymentBodySchema,
    response: deploymentAnswerSchema,
    handler: async ({ body }, { deployments }) => {
      const { project, comment, spec, name } = defined(body);
      return { deployment: await deployments.create({ project: project ?? 'default', name, spec: defined(spec), ...(comment !== undefined ? { comment } : {}) }) };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}',
    operationId: 'getDeployment',
    summary: 'A deployment with its current revision',
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    response: deploymentAnswerSchema,
    handler: async ({ params }, { deployments }) => ({ deployment: await deployments.get(params.name) }),
  }),
  jsonRoute({
    method: 'PUT',
    path: '/deployments/{name}',
    operationId: 'updateDeployment',
    summary: 'Replace the spec of a deployment, making a new revision',
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    body: updateDeploymentBodySchema,
    response: deploymentAnswerSchema,
    handler: async ({ params, body }, { deployments }) => {
      const { spec, comment, expectedRevision } = defined(body);
      return { deployment: await deployments.update(params.name, { spec: defined(spec), ...defined({ comment, expectedRevision }) }) };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/revisions',
    operationId: 'listDeploymentRevisions',
    summary: "A deployment's revisions, oldest first",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    response: deploymentRevisionListSchema,
    handler: async ({ params }, { deployments }) => ({ revisions: await deployments.revisions(params.name) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/deployments/{name}/rollback',
    operationId: 'rollbackDeployment',
    summary: "Serve an earlier revision's spec again, as a new revision",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    body: rollbackDeploymentBodySchema,
    response: deploymentAnswerSchema,
    handler: async ({ params, body }, { deployments }) => ({ deployment: await deployments.rollback(params.name, defined(body ?? {})) }),
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/deployments/{name}',
    operationId: 'deleteDeployment',
    summary: 'Delete a deployment and its revisions (the audit trail keeps their history)',
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    response: emptySchema,
    handler: async ({ params }, { deployments }) => {
      await deployments.delete(params.name);
      return {};
    },
  }),
];
