import type { ModelLineage } from '../../../domain/registry/lineage.js';
import { deploymentNameParamsSchema } from './deployment-schemas.js';
import { listPredictionsQuerySchema, predictionIdParamsSchema, predictionPageSchema, predictionWithLineageSchema } from './prediction-schemas.js';
import { jsonRoute, type AnyRoute, type RouteContext } from './route.js';
import { defined, wireValue } from './wire.js';

/** The lineage as the version's lineage route answers it: the version with its format, signature and files. */
async function wireLineage(lineage: ModelLineage, { registry, modelFiles }: RouteContext) {
  const { format, flavors, signature } = await registry.getModelVersion(lineage.version.name, lineage.version.version);
  const files = await modelFiles.files(lineage.version.name, lineage.version.version);
  const version = { ...lineage.version, format, flavors, signature, files };
  if (!lineage.run) return { version };
  return { version, run: { ...lineage.run, metrics: lineage.run.metrics.map((m) => ({ ...m, value: wireValue(m.value) })) } };
}

/** The prediction log (docs/serving.md, "Prediction log"): reads need read in the deployment's project. */
export const predictionRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/predictions/{id}',
    operationId: 'getPrediction',
    summary: 'A logged prediction with the lineage of the model version that made it',
    tag: 'deployments',
    params: predictionIdParamsSchema,
    response: predictionWithLineageSchema,
    handler: async ({ params }, context) => {
      const { prediction, lineage } = await context.predictions.get(params.id);
      return { prediction, lineage: lineage ? await wireLineage(lineage, context) : null };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/predictions',
    operationId: 'listDeploymentPredictions',
    summary: "A deployment's logged predictions, newest first",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    query: listPredictionsQuerySchema,
    response: predictionPageSchema,
    handler: async ({ params, query }, { predictions }) => predictions.list(params.name, defined(query)),
  }),
];
