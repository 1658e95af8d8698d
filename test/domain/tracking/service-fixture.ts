import type { Clock } from '../../../src/domain/clock.js';
import { TrackingService } from '../../../src/domain/tracking/tracking-service.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { TrackingSqlStore } from '../../../src/storage/sql/tracking-sql-store.js';
import { freshDatabaseUrl, type Backend } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface ServiceFixture {
  service: TrackingService;
  clock: ManualClock;
  database: SqlDatabase;
  close(): Promise<void>;
}

/** A TrackingService over the real SQL store on a fresh database of `backend`. */
export async function serviceFixture(backend: Backend): Promise<ServiceFixture> {
  const database = await openDatabase(await freshDatabaseUrl(backend));
  const clock = new ManualClock();
  const service = new TrackingService({ store: new TrackingSqlStore(database.db, database.dialect, testAudit(database).audit), clock });
  return { service, clock, database, close: () => database.close() };
}
