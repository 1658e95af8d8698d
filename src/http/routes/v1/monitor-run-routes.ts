import { z } from 'zod';
import { monitorRunStatuses } from '../../../domain/monitoring/monitor-run-store.js';
import { monitorRunReadLimits } from '../../../domain/monitoring/monitor-run-service.js';
import { deploymentNameParamsSchema } from './deployment-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { epochMillisSchema, responseComponents } from './schemas.js';

const monitorIdParams = z.strictObject({ id: z.coerce.number().int().min(1) });

const monitorRunSchema = z
  .object({
    monitorId: z.number().int(),
    scheduledFor: epochMillisSchema.describe('The cron time this run is for; claimed by exactly one process'),
    status: z.enum(monitorRunStatuses),
    claimedBy: z.string().describe('The process that ran it (host:pid:id)'),
    attempts: z.number().int().describe('More than 1 when a stuck run was taken over'),
    startedTime: epochMillisSchema,
    heartbeatTime: epochMillisSchema,
    finishedTime: epochMillisSchema.nullable(),
    error: z.string().nullable(),
    summary: z
      .object({ windowsClosed: z.number().int(), predictionsRead: z.number().int(), results: z.number().int(), alertsOpened: z.number().int(), alertsResolved: z.number().int() })
      .nullable(),
  })
  .register(responseComponents, { id: 'MonitorRun' });

const retrainRequestSchema = z
  .object({
    id: z.number().int(),
    monitorId: z.number().int(),
    alertId: z.number().int(),
    deployment: z.string(),
    model: z.string(),
    version: z.number().int().nullable().describe('The version served when the alert opened; null when an alias pointed nowhere'),
    status: z.literal('requested'),
    createdTime: epochMillisSchema,
    createdBy: z.string(),
  })
  .register(responseComponents, { id: 'RetrainRequest' });

/** Scheduled runs of a monitor and the retrain requests monitors made: read by project viewers. */
export const monitorRunRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/monitors/{id}/runs',
    operationId: 'listMonitorRuns',
    summary: "A monitor's scheduled runs, newest first",
    tag: 'deployments',
    params: monitorIdParams,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(monitorRunReadLimits.runs).default(monitorRunReadLimits.defaultRuns) }),
    response: z.object({ runs: z.array(monitorRunSchema) }),
    handler: async ({ params, query }, { monitorRuns }) => ({ runs: await monitorRuns.runs(params.id, query.limit) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/deployments/{name}/retrain-requests',
    operationId: 'listRetrainRequests',
    summary: "Retrain requests of a deployment's monitors, newest first",
    tag: 'deployments',
    params: deploymentNameParamsSchema,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(monitorRunReadLimits.retrainRequests).default(monitorRunReadLimits.defaultRetrainRequests) }),
    response: z.object({ requests: z.array(retrainRequestSchema) }),
    handler: async ({ params, query }, { monitorRuns }) => ({ requests: await monitorRuns.retrainRequests(params.name, query.limit) }),
  }),
];
