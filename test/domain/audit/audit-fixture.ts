import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactService } from '../../../src/domain/artifacts/artifact-service.js';
import type { Caller } from '../../../src/domain/access/caller.js';
import { ModelCardService } from '../../../src/domain/registry/model-card-service.js';
import { RegistryService } from '../../../src/domain/registry/registry-service.js';
import { TrackingService } from '../../../src/domain/tracking/tracking-service.js';
import { AsyncCallContext } from '../../../src/runtime/call-context.js';
import { FsBlobStore } from '../../../src/storage/blob/fs-blob-store.js';
import { ArtifactSqlStore } from '../../../src/storage/sql/artifact-sql-store.js';
import { AuditTrail } from '../../../src/storage/sql/audit-trail.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { ModelCardSqlStore } from '../../../src/storage/sql/model-card-sql-store.js';
import { RegistrySqlStore } from '../../../src/storage/sql/registry-sql-store.js';
import { TrackingSqlStore } from '../../../src/storage/sql/tracking-sql-store.js';
import { freshDatabaseUrl, type Backend } from '../../support/backends.js';
import { ManualClock } from '../tracking/service-fixture.js';

/** An event row as a test reads it back from `audit_events`. */
export interface EventRow {
  seq: number;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  projectId: number | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export interface AuditFixture {
  database: SqlDatabase;
  clock: ManualClock;
  tracking: TrackingService;
  registry: RegistryService;
  cards: ModelCardService;
  artifacts: ArtifactService;
  /** Runs `work` as user `name` within request `requestId`, as the HTTP server does for each request. */
  as<T>(name: string, requestId: string, work: () => Promise<T>): Promise<T>;
  /** Events with seq above `afterSeq`, oldest first. */
  eventsAfter(afterSeq: number): Promise<EventRow[]>;
  lastSeq(): Promise<number>;
  close(): Promise<void>;
}

/** Every writing service over the real SQL stores, sharing one audit trail, on a fresh database. */
export async function auditFixture(backend: Backend): Promise<AuditFixture> {
  const database = await openDatabase(await freshDatabaseUrl(backend));
  const clock = new ManualClock();
  const context = new AsyncCallContext();
  const audit = new AuditTrail(database.dialect, context, clock);
  const tracking = new TrackingService({ store: new TrackingSqlStore(database.db, database.dialect, audit), clock });
  const registry = new RegistryService({
    store: new RegistrySqlStore(database.db, audit),
    clock,
    runArtifactUri: async (runId) => (await tracking.getRunInfo(runId)).artifactUri,
  });
  const cards = new ModelCardService({ store: new ModelCardSqlStore(database.db, audit), registry, tracking, clock });
  const root = await mkdtemp(join(tmpdir(), 'cairn-audit-'));
  const blobs = await FsBlobStore.open(root);
  const artifacts = new ArtifactService(new ArtifactSqlStore(database.db, audit), blobs, clock);

  const eventsAfter = async (afterSeq: number): Promise<EventRow[]> => {
    const rows = await database.db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      actor: row.actor,
      action: row.action,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      projectId: row.project_id === null ? null : Number(row.project_id),
      requestId: row.request_id,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  };
  return {
    database,
    clock,
    tracking,
    registry,
    cards,
    artifacts,
    as: (name, requestId, work) => {
      const caller: Caller = { userId: 7, name, isAdmin: false };
      return context.run({ caller, requestId }, work);
    },
    eventsAfter,
    async lastSeq() {
      const row = await database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
      return Number(row.seq);
    },
    async close() {
      await blobs.close();
      await database.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
