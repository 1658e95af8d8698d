import { z } from 'zod';
import type { DeploymentSpec } from '../../../domain/deployments/deployment.js';
import { statsWindowSeconds } from '../../../domain/serving/serving-stats.js';
import { deploymentNameParamsSchema } from './deployment-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { epochMillisSchema, responseComponents } from './schemas.js';

export const servingStatsQuerySchema = z.strictObject({
  seconds: z.coerce.number().int().min(1).max(statsWindowSeconds).default(300).describe(`Window, 1 to ${statsWindowSeconds} seconds back from now; default 300`),
});

const statsPointSchema = z
  .object({
    time: epochMillisSchema.describe('Start of the second'),
    requests: z.number().int(),
    errors: z.number().int(),
    p50Ms: z.number().describe('Median latency estimate, ms (from log-spaced buckets, about ±10%)'),
    p95Ms: z.number().describe('95th percentile latency estimate, ms'),
  })
  .register(responseComponents, { id: 'ServingStatsPoint' });

export const servingStatsSchema = z
  .object({
    deployment: z.string(),
    seconds: z.number().int(),
    points: z.array(statsPointSchema).describe('Oldest first, one per second that had traffic; the last may be the second in progress'),
    loaded: z
      .array(
        z.object({
          model: z.string(),
          version: z.number().int(),
          memoryBytes: z.number().int().describe('The estimate the memory budget counts'),
          loadMs: z.number().describe('Time to load, reading the file included'),
          loadedAt: epochMillisSchema,
          lastUsedAt: epochMillisSchema,
        }),
      )
      .describe("The versions this deployment serves (or shadows) that are loaded in this process, least recently used first"),
    predictionLog: z
      .object({ queued: z.number().int().describe('Predictions waiting to be written'), dropped: z.number().int().describe('Predictions dropped since this process started') })
      .describe("This process's prediction log writer"),
  })
  .describe('Live statistics of the process that answers (each replica keeps its own), kept in memory for the last 600 seconds')
  .register(responseComponents, { id: 'ServingStats' });

/** Whether a spec serves or shadows a version: any version of a followed alias's model counts. */
function servedVersions(spec: DeploymentSpec): (model: string, version: number) => boolean {
  const listed = new Set([...('alias' in spec ? [] : spec.versions), ...spec.shadows].map((v) => `${v.model}\u0000${v.version}`));
  const followed = 'alias' in spec ? spec.alias.model : undefined;
  return (model, version) => model === followed || listed.has(`${model}\u0000${version}`);
}

/** Live request rate and latency of a deployment, for the UI's charts; reading needs read in its project. */
export const servingStatsRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/stats',
    operationId: 'getDeploymentStats',
    summary: "A deployment's requests, errors and latency per second, as served by this process",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    query: servingStatsQuerySchema,
    response: servingStatsSchema,
    handler: async ({ params, query }, { deployments, servingStats, inference }) => {
      // The read check, and a 404 for a name that is not (or no longer) a deployment.
      const deployment = await deployments.get(params.name);
      const serves = servedVersions(deployment.current.spec);
      const loaded = inference.loadedModels().filter((m) => serves(m.model, m.version));
      return { ...servingStats.snapshot(deployment.name, query.seconds), loaded };
    },
  }),
];
