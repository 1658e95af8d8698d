import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from './config.js';
import { ArtifactService } from './domain/artifacts/artifact-service.js';
import { RunArtifacts } from './domain/artifacts/run-artifacts.js';
import { ModelCardService } from './domain/registry/model-card-service.js';
import { RegistryService } from './domain/registry/registry-service.js';
import { ModelFilesService } from './domain/registry/model-files-service.js';
import { VersionInspector } from './domain/registry/version-inspector.js';
import type { Clock } from './domain/clock.js';
import { TrackingService } from './domain/tracking/tracking-service.js';
import { buildServer, type ServerRole } from './http/server.js';
import { PrometheusServingObserver } from './http/serving-metrics.js';
import { ServingStats } from './domain/serving/serving-stats.js';
import { compositeObserver } from './domain/serving/serving-observer.js';
import { isLoopbackHost } from './http/loopback.js';
import { AsyncCallContext } from './runtime/call-context.js';
import { systemClock } from './runtime/system-clock.js';
import { AccessService } from './domain/access/access-service.js';
import { createAuthenticator } from './http/authenticate.js';
import { AccessSqlStore } from './storage/sql/access-sql-store.js';
import type { BlobStore } from './storage/blob/blob-store.js';
import { openBlobStore } from './storage/blob/open-blob-store.js';
import { ArtifactSqlStore } from './storage/sql/artifact-sql-store.js';
import { AuditTrail } from './storage/sql/audit-trail.js';
import { AuditSqlStore } from './storage/sql/audit-sql-store.js';
import { AuditService } from './domain/audit/audit-service.js';
import { GovernanceSqlStore } from './storage/sql/governance-sql-store.js';
import { ProjectLookupSqlStore } from './storage/sql/project-lookup-sql-store.js';
import { GovernanceService } from './domain/governance/governance-service.js';
import { projectProtectedAliases } from './domain/governance/protected-aliases.js';
import { AccessControl } from './domain/access/access-control.js';
import { openDatabase, type SqlDatabase } from './storage/sql/database.js';
import { ModelCardSqlStore } from './storage/sql/model-card-sql-store.js';
import { RegistrySqlStore } from './storage/sql/registry-sql-store.js';
import { VersionFilesSqlStore } from './storage/sql/version-files-sql-store.js';
import { TrackingSqlStore } from './storage/sql/tracking-sql-store.js';
import { cairnVersion } from './version.js';
import type { RetryPolicy } from './domain/webhooks/retry-policy.js';
import { WebhookService } from './domain/webhooks/webhook-service.js';
import { WebhookDispatcher } from './runtime/webhook-dispatcher.js';
import { HttpWebhookSender } from './runtime/webhook-sender.js';
import { DeliveryQueueSql } from './storage/sql/delivery-queue-sql.js';
import { WebhookSqlStore } from './storage/sql/webhook-sql-store.js';
import { DeploymentService } from './domain/deployments/deployment-service.js';
import { DeploymentSqlStore } from './storage/sql/deployment-sql-store.js';
import { PredictionService } from './domain/predictions/prediction-service.js';
import { FeedbackService } from './domain/monitoring/feedback-service.js';
import { FeedbackSqlStore } from './storage/sql/feedback-sql-store.js';
import { ReferenceService } from './domain/monitoring/reference-service.js';
import { ReferenceSqlStore } from './storage/sql/reference-sql-store.js';
import { MonitorSqlStore } from './storage/sql/monitor-sql-store.js';
import { AlertSqlStore } from './storage/sql/alert-sql-store.js';
import { monitorCaller, MonitorService } from './domain/monitoring/monitor-service.js';
import { MonitorRunner } from './domain/monitoring/monitor-runner.js';
import { MonitorActions } from './domain/monitoring/monitor-actions.js';
import { MonitorRunService } from './domain/monitoring/monitor-run-service.js';
import { MonitorScheduler } from './runtime/monitor-scheduler.js';
import { MonitorRunSqlStore, RetrainRequestSqlStore } from './storage/sql/monitor-run-sql-store.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { readTableBytes, tableFormatOf } from './runtime/data/read-table.js';
import { PredictionLogWriter } from './runtime/prediction-log-writer.js';
import { PredictionRetention } from './runtime/prediction-retention.js';
import { SqlitePredictionInserter } from './storage/sql/sqlite-prediction-inserter.js';
import { PredictionSqlStore } from './storage/sql/prediction-sql-store.js';
import { InferenceService } from './domain/serving/inference-service.js';
import type { RandomSource } from './domain/serving/traffic-router.js';
import { loadOnnxModel } from './runtime/onnx/onnx-model.js';

export interface CairnApp {
  config: Config;
  server: FastifyInstance;
  database: SqlDatabase;
  tracking: TrackingService;
  /** Per-app Prometheus registry; other parts may add their own metrics to it. */
  metricsRegistry: Registry;
  /** Projects, users, tokens, members, sign-in. */
  access: AccessService;
  /** Sends webhook deliveries; tests drive it with `runOnce()`. */
  webhookDispatcher: WebhookDispatcher;
  /** The background writer of the prediction log; tests `flush()` it before reading predictions. */
  predictionLog: PredictionLogWriter;
  /** Purges expired predictions; tests drive it with `runOnce()`. */
  predictionRetention: PredictionRetention;
  /** Monitors of deployments: what the scheduler runs (`runDue`, `schedules`); tests run them directly. */
  monitors: MonitorService;
  /** Runs monitors on their schedules (off with CAIRN_MONITORS=false and in `cairn serve`); tests drive it with `tick()`. */
  monitorScheduler: MonitorScheduler;
  /** Names this process in the run claims it makes. */
  workerId: string;
  /** Starts listening on `config.host:config.port`; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops taking connections, lets requests in flight finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Process-wide metrics (CPU, memory, event loop); off in tests that build many apps. */
  defaultMetrics?: boolean;
  webhooks?: WebhookOptions;
  /** Draws for weighted (canary) routing; tests pass a seeded one. Math.random by default. */
  random?: RandomSource;
  predictionLog?: PredictionLogOptions;
  /** Predictions younger than this are left to the next monitor run (default 10 s: the log is written in the background). */
  monitorSettleMs?: number;
  /** The monitor scheduler: `start` (default: CAIRN_MONITORS, true) and, for tests, a shorter tick and lease. */
  monitorScheduler?: { start?: boolean; tickMs?: number; leaseMs?: number };
  /**
   * 'serve': an inference-only replica (`cairn serve`): only health, metrics and the inference
   * routes, no background jobs of the main server, no admin bootstrap. Default 'server'.
   */
  role?: ServerRole;
}

/** Prediction log settings (docs/serving.md, "Prediction log"). */
export interface PredictionLogOptions {
  /** Predictions held in memory waiting to be written; beyond it they are dropped and counted. Default: CAIRN_PREDICTION_LOG_QUEUE. */
  capacity?: number;
  /** Between writes of a partial batch; default 200 ms. */
  intervalMs?: number;
  /** Run the retention purge on start and hourly (default true); without it, only `predictionRetention.runOnce()` purges. */
  retention?: boolean;
}

/** Webhook dispatch settings (docs/webhooks.md); tests turn the timer off and shorten the retries. */
export interface WebhookOptions {
  /** Run the background dispatcher (default true); without it, only `webhookDispatcher.runOnce()` sends. */
  start?: boolean;
  retry?: RetryPolicy;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Between passes; default 2 s. */
  intervalMs?: number;
}

/** The one composition root: config -> stores -> services -> http. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<CairnApp> {
  const clock = options.clock ?? systemClock;
  const role = options.role ?? 'server';
  const database = await openDatabase(config.databaseUrl, { backgroundCheckpoints: true });
  let blobs: BlobStore | undefined;
  try {
    const callContext = new AsyncCallContext();
    // One audit trail for every store: each write appends its event in its own transaction.
    const audit = new AuditTrail(database.dialect, callContext, clock);
    // Every service checks the caller's role through this one object (docs/projects-and-roles.md).
    const projectLookup = new ProjectLookupSqlStore(database.db, database.dialect);
    const access = new AccessControl({ context: callContext, lookup: projectLookup, roles: projectLookup });
    const accessService = new AccessService({ store: new AccessSqlStore(database.db, database.dialect, audit), authorizer: access, clock, authEnabled: config.auth });
    if (config.auth && role === 'server') {
      const bootstrap = await accessService.bootstrap(config.adminPassword);
      // Shown once, on the first start only: the hash is all Cairn keeps.
      if (bootstrap.generatedPassword !== undefined) {
        process.stderr.write(`Cairn created the admin user 'admin' with password: ${bootstrap.generatedPassword}\nIt is shown only this once; change it with: cairn users update admin --password-stdin\n`);
      }
    }
    const trackingStore = new TrackingSqlStore(database.db, database.dialect, audit);
    const tracking = new TrackingService({ store: trackingStore, clock, access });
    blobs = await openBlobStore(config.artifacts);
    const artifacts = new ArtifactService(new ArtifactSqlStore(database.db, audit), blobs, clock, {
      onOrphanedBlob: (sha256, error) => server.log.warn({ err: error, sha256 }, 'could not remove an unreferenced artifact blob'),
      access,
    });
    // Only the artifact URI is needed: the run row alone, not its params, tags and metrics.
    const runArtifacts = new RunArtifacts(artifacts, async (runId) => (await tracking.getRunInfo(runId)).artifactUri);

    // Model version files are authorized by their model (ModelFilesService), not by artifact path.
    const modelArtifacts = new ArtifactService(new ArtifactSqlStore(database.db, audit), blobs, clock, {
      onOrphanedBlob: (sha256, error) => server.log.warn({ err: error, sha256 }, 'could not remove an unreferenced artifact blob'),
    });
    const versionInspector = new VersionInspector({
      artifacts: modelArtifacts,
      index: new ArtifactSqlStore(database.db, audit),
      runArtifactUri: async (runId) => (await tracking.getRunInfo(runId)).artifactUri,
      requireReadable: (path) => access.requireArtifactPath(path, 'read'),
    });

    const governanceStore = new GovernanceSqlStore(database.db, audit);
    const registry = new RegistryService({
      inspectSource: (source, runId) => versionInspector.inspectSource(source, runId),
      protectedAliases: projectProtectedAliases(governanceStore),
      store: new RegistrySqlStore(database.db, audit),
      clock,
      runArtifactUri: async (runId) => (await tracking.getRunInfo(runId)).artifactUri,
      access,
    });

    const modelCards = new ModelCardService({ store: new ModelCardSqlStore(database.db, audit), registry, tracking, clock, access });
    const modelFiles = new ModelFilesService({ registry, store: new VersionFilesSqlStore(database.db, audit), artifacts: modelArtifacts, inspector: versionInspector, clock, access });
    const governance = new GovernanceService({ store: governanceStore, authorizer: access, registry, modelCards, tracking, clock });

    // Aborts webhook attempts in flight when the app closes.
    const shutdown = new AbortController();
    const webhookTimeoutMs = options.webhooks?.timeoutMs ?? 10_000;
    const webhookSender = new HttpWebhookSender({ clock, timeoutMs: webhookTimeoutMs, userAgent: `Cairn-Webhooks/${cairnVersion()}`, shutdown: shutdown.signal });
    const webhooks = new WebhookService({ store: new WebhookSqlStore(database.db, audit), authorizer: access, sender: webhookSender, clock });
    const webhookDispatcher = new WebhookDispatcher({
      queue: new DeliveryQueueSql(database.db, database.dialect),
      sender: webhookSender,
      clock,
      leaseMs: webhookTimeoutMs + 30_000,
      ...(options.webhooks?.retry ? { retry: options.webhooks.retry } : {}),
      ...(options.webhooks?.intervalMs !== undefined ? { intervalMs: options.webhooks.intervalMs } : {}),
      onError: (error) => server.log.warn({ err: error }, 'webhook dispatch failed; retrying on the next pass'),
    });

    const metricsRegistry = new Registry();
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: metricsRegistry });
    // Each inference request feeds the Prometheus series and the live per-second stats the UI charts;
    // the stats also show the prediction log's queue (the writer is built below; read at request time).
    const servingStats = new ServingStats({ clock, predictionLogCounts: () => ({ queued: predictionLog.queued, dropped: predictionLog.dropped }) });
    const servingObserver = compositeObserver(new PrometheusServingObserver(metricsRegistry), servingStats);

    const predictionStore = new PredictionSqlStore(database.db, database.dialect);
    // On a SQLite file the log is written from a worker thread, off the event loop (Postgres is asynchronous already).
    const predictionInserter = database.sqliteFile !== undefined ? new SqlitePredictionInserter(database.sqliteFile, predictionStore) : undefined;
    const predictionLog = new PredictionLogWriter({
      store: predictionInserter ?? predictionStore,
      metrics: metricsRegistry,
      capacity: options.predictionLog?.capacity ?? config.predictionLogQueue ?? 10_000,
      ...(options.predictionLog?.intervalMs !== undefined ? { intervalMs: options.predictionLog.intervalMs } : {}),
      onError: (error, records) => server.log.warn({ err: error, records }, 'could not write predictions to the log; they are counted as dropped'),
    });
    const predictionRetention = new PredictionRetention({
      store: predictionStore,
      clock,
      onError: (error) => server.log.warn({ err: error }, 'prediction log retention pass failed; retrying on the next pass'),
    });
    const predictions = new PredictionService({ store: predictionStore, deployments: new DeploymentSqlStore(database.db, audit), authorizer: access, registry, tracking });
    // Ground truth for the log; monitors score windows from the same store (labelled, labelledSince).
    const feedbackStore = new FeedbackSqlStore(database.db, database.dialect, audit);
    const feedback = new FeedbackService({ store: feedbackStore, predictions: predictionStore, deployments: new DeploymentSqlStore(database.db, audit), authorizer: access, clock });

    // A monitor's reference: summarised once when set (from a file, the training data, or the log).
    const references = new ReferenceService({
      store: new ReferenceSqlStore(database.db, audit),
      monitors: new MonitorSqlStore(database.db, audit),
      deployments: new DeploymentSqlStore(database.db, audit),
      predictions: predictionStore,
      authorizer: access,
      tables: { formatOf: tableFormatOf, read: readTableBytes },
      lineage: { registry, tracking, runArtifacts, artifacts },
      clock,
      onFollowError: (monitor, error) =>
        server.log.warn({ err: error, monitorId: monitor.id, deployment: monitor.deployment }, "a monitor run kept its lineage reference: the served version's training data could not be read"),
    });

    // Monitors: each run reads the log after its cursor, closes windows, judges checks, opens and resolves alerts.
    const monitorStore = new MonitorSqlStore(database.db, audit);
    const monitorRunner = new MonitorRunner({
      store: monitorStore,
      predictions: predictionStore,
      references,
      feedback: feedbackStore,
      // Retrain requests and challenger promotions, as Cairn itself (docs/monitoring.md, "Scheduling and workers").
      actions: new MonitorActions({
        retrainRequests: new RetrainRequestSqlStore(database.db, audit),
        deployments: new DeploymentSqlStore(database.db, audit),
        registry,
        governance,
        clock,
        monitorCaller,
        runAsMonitor: (work) => callContext.run({ caller: monitorCaller, requestId: null }, work),
        log: (level, message, fields) => server.log[level](fields, message),
      }),
      clock,
      ...(options.monitorSettleMs !== undefined ? { settleMs: options.monitorSettleMs } : {}),
      log: (level, message, fields) => server.log[level](fields, message),
    });
    const monitors = new MonitorService({
      store: monitorStore,
      alerts: new AlertSqlStore(database.db, audit),
      deployments: new DeploymentSqlStore(database.db, audit),
      references,
      runner: monitorRunner,
      authorizer: access,
      clock,
      runAsMonitor: (work) => callContext.run({ caller: monitorCaller, requestId: null }, work),
    });
    // Scheduled runs: claimed once across every process on this database (docs/monitoring.md, "Scheduling and workers").
    const monitorRunStore = new MonitorRunSqlStore(database.db);
    const monitorRuns = new MonitorRunService({ runs: monitorRunStore, retrainRequests: new RetrainRequestSqlStore(database.db, audit), monitors: monitorStore, deployments: new DeploymentSqlStore(database.db, audit), authorizer: access });
    const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const monitorScheduler = new MonitorScheduler({
      runs: monitorRunStore,
      monitors,
      clock,
      workerId,
      ...(options.monitorScheduler?.tickMs !== undefined ? { tickMs: options.monitorScheduler.tickMs } : {}),
      ...(options.monitorScheduler?.leaseMs !== undefined ? { leaseMs: options.monitorScheduler.leaseMs } : {}),
      log: (level, message, fields) => server.log[level](fields, message),
    });

    const deployments = new DeploymentService({ store: new DeploymentSqlStore(database.db, audit), authorizer: access, registry, clock });
    const inference = new InferenceService({
      deployments,
      registry,
      modelFiles,
      loadModel: (bytes) => loadOnnxModel(bytes),
      memoryBudgetBytes: (config.modelMemoryMb ?? 2048) * 1024 * 1024,
      clock,
      sink: predictionLog,
      observer: servingObserver,
      ...(options.random ? { random: options.random } : {}),
    });
    const auditService = new AuditService({ store: new AuditSqlStore(database.db, database.dialect), authorizer: access, projects: projectLookup });

    const identity = {
      authenticate: createAuthenticator({ authEnabled: config.auth, access: accessService }),
      runInContext: (context: Parameters<AsyncCallContext['run']>[0], handler: () => void) => callContext.run(context, handler),
    };
    const server = await buildServer({ config, identity, services: { access: accessService, tracking, artifacts, runArtifacts, registry, modelCards, modelFiles, governance, webhooks, audit: auditService, deployments, inference, predictions, servingStats, feedback, references, monitors, monitorRuns }, metricsRegistry, version: cairnVersion(), role });

    // Background jobs of the main server and of workers; an inference replica leaves them to them.
    if ((options.webhooks?.start ?? true) && role !== 'serve') webhookDispatcher.start();
    predictionLog.start();
    if ((options.predictionLog?.retention ?? true) && role !== 'serve') predictionRetention.start();
    if ((options.monitorScheduler?.start ?? config.monitors ?? true) && role !== 'serve') monitorScheduler.start();

    const blobStore = blobs;
    let closing: Promise<void> | undefined;
    return {
      config,
      server,
      database,
      tracking,
      metricsRegistry,
      access: accessService,
      webhookDispatcher,
      predictionLog,
      predictionRetention,
      monitors,
      monitorScheduler,
      workerId,
      async listen() {
        if (!config.auth && !isLoopbackHost(config.host)) {
          throw new Error(
            `refusing to listen on ${config.host}: without authentication Cairn only binds to a loopback address (127.0.0.1, ::1, localhost); enable authentication with CAIRN_AUTH=true`,
          );
        }
        return server.listen({ host: config.host, port: config.port });
      },
      close() {
        closing ??= (async () => {
          try {
            await server.close();
          } finally {
            shutdown.abort();
            await webhookDispatcher.stop();
            // Runs in flight finish (and record how they ended) before the database closes.
            await monitorScheduler.stop();
            await inference.close();
            // After the last request, before the database closes: what is queued gets written.
            await predictionLog.close();
            await predictionInserter?.stop();
            await predictionRetention.stop();
            await blobStore.close();
            await database.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await blobs?.close();
    await database.close();
    throw error;
  }
}
