import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Config } from '../config.js';
import type { AccessService } from '../domain/access/access-service.js';
import type { Caller, CallContext } from '../domain/access/caller.js';
import { basicChallenge } from './authenticate.js';
import type { ArtifactService } from '../domain/artifacts/artifact-service.js';
import type { AuditService } from '../domain/audit/audit-service.js';
import type { DeploymentService } from '../domain/deployments/deployment-service.js';
import type { PredictionService } from '../domain/predictions/prediction-service.js';
import type { GovernanceService } from '../domain/governance/governance-service.js';
import type { RunArtifacts } from '../domain/artifacts/run-artifacts.js';
import type { ModelCardService } from '../domain/registry/model-card-service.js';
import type { ModelFilesService } from '../domain/registry/model-files-service.js';
import type { RegistryService } from '../domain/registry/registry-service.js';
import type { WebhookService } from '../domain/webhooks/webhook-service.js';
import type { TrackingService } from '../domain/tracking/tracking-service.js';
import { toHttpError, type ApiSurface } from './error-map.js';
import { registerHttpMetrics } from './http-metrics.js';
import { createLogStream } from './log-stream.js';
import { mlflowRoutes } from './routes/mlflow/index.js';
import { mlflowArtifactRoutes } from './routes/mlflow-artifacts/index.js';
import { nativeApiRoutes } from './routes/v1/index.js';
import { webUiRoutes } from './routes/web-ui.js';
import { oipRoutes } from './routes/oip/oip-routes.js';
import { invocationRoutes } from './routes/invocations/invocation-routes.js';
import type { InferenceService } from '../domain/serving/inference-service.js';
import type { ServingStats } from '../domain/serving/serving-stats.js';
import type { MonitorService } from '../domain/monitoring/monitor-service.js';
import type { FeedbackService } from '../domain/monitoring/feedback-service.js';
import type { ReferenceService } from '../domain/monitoring/reference-service.js';
import type { MonitorRunService } from '../domain/monitoring/monitor-run-service.js';

/** Everything route plugins may use; the composition root fills it. Other capabilities add fields here. */
export interface HttpServices {
  access: AccessService;
  tracking: TrackingService;
  artifacts: ArtifactService;
  runArtifacts: RunArtifacts;
  registry: RegistryService;
  modelCards: ModelCardService;
  modelFiles: ModelFilesService;
  webhooks: WebhookService;
  governance: GovernanceService;
  audit: AuditService;
  deployments: DeploymentService;
  predictions: PredictionService;
  monitors: MonitorService;
  monitorRuns: MonitorRunService;
  inference: InferenceService;
  feedback: FeedbackService;
  references: ReferenceService;
  servingStats: ServingStats;
}

/** How the server learns who calls: from the request's credentials, and where it keeps that for the call. */
export interface ServerIdentity {
  /** The caller named by the request's headers; throws UNAUTHENTICATED for bad or missing credentials. */
  authenticate(request: FastifyRequest): Promise<Caller>;
  /** Runs the handler with the call's context current (see runtime/call-context.ts). */
  runInContext(context: CallContext, handler: () => void): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface ServerOptions {
  config: Pick<Config, 'logLevel'>;
  identity: ServerIdentity;
  services: HttpServices;
  metricsRegistry: Registry;
  version: string;
  /** 'serve': an inference-only replica (`cairn serve`): health, metrics and the inference routes, nothing else. Default 'server'. */
  role?: ServerRole;
}

/**
 * What a process serves: everything (`cairn server`), inference only (`cairn serve`, docs/serving.md),
 * or health only (`cairn worker`, background work: docs/monitoring.md, "Scheduling and workers").
 */
export type ServerRole = 'server' | 'serve' | 'worker';

/** MLflow's own prefixes; the reference server mounts the same routes under both. */
export const mlflowPrefixes = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'] as const;

/** Default body limit; routes that take more (log-inputs, artifact uploads) set their own. */
export const defaultBodyLimit = 1024 * 1024;

/** The whole HTTP surface. Routes are added by plugins, one per API family. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const logStream = options.config.logLevel === 'silent' ? undefined : createLogStream();
  const server = Fastify({
    logger: { level: options.config.logLevel, ...(logStream ? { stream: logStream.stream } : {}) },
    logController: new CompactLogController(),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: defaultBodyLimit,
    // Keep-alive sockets that sit idle are closed at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
  });

  if (logStream) {
    server.addHook('onClose', (_instance, done) => {
      logStream.close();
      done();
    });
  }
  server.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  server.decorateRequest('caller', null);
  server.addHook('onRequest', async (request) => {
    request.caller = await options.identity.authenticate(request);
  });
  // After the body is read: the handler, and all it awaits, runs with the caller as current context.
  server.addHook('preHandler', (request, _reply, done) => {
    options.identity.runInContext({ caller: request.caller!, requestId: request.id }, done);
  });
  registerHttpMetrics(server, options.metricsRegistry);

  server.setErrorHandler((error: FastifyError, request, reply) => sendError(error, request, reply));
  server.setNotFoundHandler((request, reply) => {
    const surface = surfaceOf(request.url);
    const message = `No endpoint ${request.method} ${request.url.split('?')[0] ?? ''}`;
    void reply.code(404).send(surface === 'mlflow' ? { error_code: 'ENDPOINT_NOT_FOUND', message } : surface === 'oip' ? { error: message } : { error: { code: 'NOT_FOUND', message } });
  });

  server.get('/health', async () => ({ status: 'ok' }));
  server.get('/version', async () => ({ name: 'cairn', version: options.version }));

  // An inference replica answers 404 on everything but health, metrics and inference.
  const full = (options.role ?? 'server') === 'server';
  if (full) for (const prefix of mlflowPrefixes) await server.register(mlflowRoutes, { prefix, tracking: options.services.tracking, registry: options.services.registry });
  if (full) await server.register(nativeApiRoutes, { prefix: '/api/v1', services: options.services, version: options.version });
  if (full) await server.register(mlflowArtifactRoutes, { artifacts: options.services.artifacts, runArtifacts: options.services.runArtifacts });
  // Other route plugins register here, one line each.
  if (options.role !== 'worker') await server.register(oipRoutes, { inference: options.services.inference, version: options.version });
  if (options.role !== 'worker') await server.register(invocationRoutes, { inference: options.services.inference });
  if (full) await server.register(webUiRoutes);

  return server;
}

/** `/api/2.0/...` and `/ajax-api/...` speak MLflow's error format, `/v2` the Open Inference Protocol's; everything else Cairn's own. */
export function surfaceOf(url: string): ApiSurface {
  if (url === '/v2' || url.startsWith('/v2/') || url.startsWith('/v2?')) return 'oip';
  return url.startsWith('/api/2.0/') || url.startsWith('/ajax-api/') ? 'mlflow' : 'native';
}

/**
 * Error bodies: MLflow routes answer `{error_code, message}`; everything else `{error: {code, message}}`.
 * Faults (5xx) are logged with the stack and answered without internals.
 */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const surface = surfaceOf(request.url);
  const mapped = toHttpError(error, surface);
  if ((error as { code?: unknown }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    mapped.message = `Request body is larger than ${request.routeOptions.bodyLimit} bytes, the limit of ${request.method} ${request.routeOptions.url ?? request.url}`;
  }
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.debug({ err: error }, mapped.message);
  // Browsers pop up their own sign-in dialog on a Basic challenge; the web UI (X-Requested-With) shows its own page instead.
  if (mapped.status === 401 && request.headers['x-requested-with'] === undefined) void reply.header('www-authenticate', basicChallenge);
  const body =
    surface === 'mlflow' ? { error_code: mapped.mlflowErrorCode, message: mapped.message } : surface === 'oip' ? { error: mapped.message } : { error: { code: mapped.code, message: mapped.message } };
  return reply.code(mapped.status).send(body);
}

/** Requests slower than this (ms) are logged at `info` even when they succeed. */
const slowRequestMs = 1000;

/**
 * One structured line per finished request instead of Fastify's two (incoming + completed).
 * A request that succeeds in time is logged at `debug`: at `info` the line cost 20-25 µs of the
 * 130 µs a single log-metric request takes (docs/performance.md), for lines nobody reads at that
 * rate. The default `info` level keeps what an operator acts on: client errors (4xx) and slow
 * requests at `info`, faults (5xx, and responses that failed to send) at `error`.
 */
class CompactLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const status = reply.statusCode;
    const slow = reply.elapsedTime > slowRequestMs;
    const line = { method: request.method, url: request.url, statusCode: status, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else if (status >= 500) reply.log.error(line, 'request completed');
    else if (status >= 400 || slow) reply.log.info(line, 'request completed');
    else reply.log.debug(line, 'request completed');
  }

  override defaultErrorLog(): void {
    // sendError logs; Fastify's default handler is never used.
  }
}
