import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from './config.js';
import { ArtifactService } from './domain/artifacts/artifact-service.js';
import { RunArtifacts } from './domain/artifacts/run-artifacts.js';
import { ModelCardService } from './domain/registry/model-card-service.js';
import { RegistryService } from './domain/registry/registry-service.js';
import type { Clock } from './domain/clock.js';
import { TrackingService } from './domain/tracking/tracking-service.js';
import { buildServer } from './http/server.js';
import { isLoopbackHost } from './http/loopback.js';
import { AsyncCallContext } from './runtime/call-context.js';
import { systemClock } from './runtime/system-clock.js';
import { localAdmin } from './domain/access/caller.js';
import type { BlobStore } from './storage/blob/blob-store.js';
import { openBlobStore } from './storage/blob/open-blob-store.js';
import { ArtifactSqlStore } from './storage/sql/artifact-sql-store.js';
import { openDatabase, type SqlDatabase } from './storage/sql/database.js';
import { ModelCardSqlStore } from './storage/sql/model-card-sql-store.js';
import { RegistrySqlStore } from './storage/sql/registry-sql-store.js';
import { TrackingSqlStore } from './storage/sql/tracking-sql-store.js';
import { cairnVersion } from './version.js';

export interface CairnApp {
  config: Config;
  server: FastifyInstance;
  database: SqlDatabase;
  tracking: TrackingService;
  /** Per-app Prometheus registry; other parts may add their own metrics to it. */
  metricsRegistry: Registry;
  /** Starts listening on `config.host:config.port`; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops taking connections, lets requests in flight finish, then closes the database. Idempotent. */
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Process-wide metrics (CPU, memory, event loop); off in tests that build many apps. */
  defaultMetrics?: boolean;
}

/** The one composition root: config -> stores -> services -> http. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<CairnApp> {
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config.databaseUrl, { backgroundCheckpoints: true });
  let blobs: BlobStore | undefined;
  try {
    const trackingStore = new TrackingSqlStore(database.db, database.dialect);
    const tracking = new TrackingService({ store: trackingStore, clock });
    blobs = await openBlobStore(config.artifacts);
    const artifacts = new ArtifactService(new ArtifactSqlStore(database.db), blobs, clock, {
      onOrphanedBlob: (sha256, error) => server.log.warn({ err: error, sha256 }, 'could not remove an unreferenced artifact blob'),
    });
    // Only the artifact URI is needed: the run row alone, not its params, tags and metrics.
    const runArtifacts = new RunArtifacts(artifacts, async (runId) => (await tracking.getRunInfo(runId)).artifactUri);

    const registry = new RegistryService({
      store: new RegistrySqlStore(database.db),
      clock,
      runArtifactUri: async (runId) => (await tracking.getRunInfo(runId)).artifactUri,
    });

    const modelCards = new ModelCardService({ store: new ModelCardSqlStore(database.db), registry, tracking, clock });

    const metricsRegistry = new Registry();
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: metricsRegistry });

    const callContext = new AsyncCallContext();
    const identity = {
      authenticate: async () => localAdmin,
      runInContext: (context: Parameters<AsyncCallContext['run']>[0], handler: () => void) => callContext.run(context, handler),
    };
    const server = await buildServer({ config, identity, services: { tracking, artifacts, runArtifacts, registry, modelCards }, metricsRegistry, version: cairnVersion() });

    const blobStore = blobs;
    let closing: Promise<void> | undefined;
    return {
      config,
      server,
      database,
      tracking,
      metricsRegistry,
      async listen() {
        if (!isLoopbackHost(config.host)) {
          throw new Error(
            `refusing to listen on ${config.host}: without authentication Cairn only binds to a loopback address (127.0.0.1, ::1, localhost)`,
          );
        }
        return server.listen({ host: config.host, port: config.port });
      },
      close() {
        closing ??= (async () => {
          try {
            await server.close();
          } finally {
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
