import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessService } from '../../../domain/access/access-service.js';
import type { InferenceService } from '../../../domain/serving/inference-service.js';
import type { z } from 'zod';
import type { ArtifactService } from '../../../domain/artifacts/artifact-service.js';
import type { AuditService } from '../../../domain/audit/audit-service.js';
import type { DeploymentService } from '../../../domain/deployments/deployment-service.js';
import type { ServingStats } from '../../../domain/serving/serving-stats.js';
import type { PredictionService } from '../../../domain/predictions/prediction-service.js';
import type { FeedbackService } from '../../../domain/monitoring/feedback-service.js';
import type { ReferenceService } from '../../../domain/monitoring/reference-service.js';
import type { MonitorRunService } from '../../../domain/monitoring/monitor-run-service.js';
import type { MonitorService } from '../../../domain/monitoring/monitor-service.js';
import type { GovernanceService } from '../../../domain/governance/governance-service.js';
import type { RunArtifacts } from '../../../domain/artifacts/run-artifacts.js';
import type { ModelCardService } from '../../../domain/registry/model-card-service.js';
import type { ModelFilesService } from '../../../domain/registry/model-files-service.js';
import type { RegistryService } from '../../../domain/registry/registry-service.js';
import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import type { WebhookService } from '../../../domain/webhooks/webhook-service.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteTag = 'experiments' | 'runs' | 'artifacts' | 'models' | 'governance' | 'webhooks' | 'access' | 'audit' | 'deployments';

/**
 * What a handler may use: the services of the composition root (a structural subset of the
 * server's `HttpServices`, declared here so route files do not import the server module).
 */
export interface RouteContext {
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
  /** Live per-second serving statistics of this process. */
  servingStats: ServingStats;
  predictions: PredictionService;
  monitors: MonitorService;
  feedback: FeedbackService;
  references: ReferenceService;
  monitorRuns: MonitorRunService;
  /** The models loaded in this process (the stats route reports a deployment's). */
  inference: Pick<InferenceService, 'loadedModels'>;
}

/** Raw HTTP access for the routes whose bodies are bytes rather than JSON. */
export interface RawHttp {
  request: FastifyRequest;
  reply: FastifyReply;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

interface RouteBase<P, Q, B> {
  method: HttpMethod;
  /** OpenAPI style (`/runs/{runId}`), relative to `/api/v1`; Fastify's form is derived from it. */
  path: string;
  operationId: string;
  summary: string;
  tag: RouteTag;
  params?: P;
  query?: Q;
  body?: B;
  /** Bytes; only for routes whose bodies may exceed the server default. */
  bodyLimit?: number;
}

export interface JsonRoute<P = unknown, Q = unknown, B = unknown, R extends z.ZodType = z.ZodType> extends RouteBase<P, Q, B> {
  kind: 'json';
  /** Success status; 200 unless the route creates something. */
  status?: 200 | 201;
  response: R;
  handler(input: { params: Parsed<P>; query: Parsed<Q>; body: Parsed<B> }, context: RouteContext): Promise<z.input<R>>;
}

/** A route whose request or answer body is a byte stream; its handler sends the reply itself. */
export interface StreamRoute<P = unknown, Q = unknown, R extends z.ZodType = z.ZodType> extends RouteBase<P, Q, undefined> {
  kind: 'stream';
  /** Success status. */
  status?: 200 | 201;
  /** Media type of a byte-stream request body (uploads). */
  requestMediaType?: string;
  /** Media type of a byte-stream answer (downloads); otherwise the answer is JSON described by `response`. */
  mediaType?: string;
  response?: R;
  handler(input: { params: Parsed<P>; query: Parsed<Q>; body: undefined }, context: RouteContext, http: RawHttp): Promise<FastifyReply>;
}

/** A route as the table stores it: schemas stay inspectable, handler types are erased. */
export interface AnyRoute {
  kind: 'json' | 'stream';
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tag: RouteTag;
  status?: number;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  bodyLimit?: number;
  response?: z.ZodType;
  mediaType?: string;
  requestMediaType?: string;
  handler(input: { params: unknown; query: unknown; body: unknown }, context: RouteContext, http: RawHttp): Promise<unknown>;
}

/** Declares a JSON route; the handler's input and output types follow from its schemas. */
export function jsonRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(route: Omit<JsonRoute<P, Q, B, R>, 'kind'>): AnyRoute {
  return { kind: 'json', ...route } as unknown as AnyRoute;
}

/** Declares a route that streams bytes in (uploads) or out (downloads). */
export function streamRoute<
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(route: Omit<StreamRoute<P, Q, R>, 'kind'>): AnyRoute {
  return { kind: 'stream', ...route } as unknown as AnyRoute;
}

/** `/runs/{runId}` -> `/runs/:runId`. */
export function fastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}
