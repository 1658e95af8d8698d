import { existsSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/storage/sql/database.js';
import { TrackingSqlStore } from '../../../src/storage/sql/tracking-sql-store.js';
import { freshDatabaseUrl } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';
import { createRun } from './store-fixture.js';

/** Polls `condition` until it holds; the limit only turns a hang into a failure. */
async function eventually(condition: () => boolean, limitMs = 10_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < limitMs; await sleep(50)) if (condition()) return true;
  return condition();
}

describe('SQLite background checkpoints', () => {
  it('copies committed pages into the database file while the connection stays open', async () => {
    const path = await freshDatabaseUrl('sqlite');
    const database = await openDatabase(path, { backgroundCheckpoints: true });
    try {
      const store = new TrackingSqlStore(database.db, database.dialect, testAudit(database).audit);
      const runId = await createRun(store);
      const sizeBefore = statSync(path).size;
      // About 2 MB of pages: far below the backstop, so only the worker can copy them back.
      const metrics = Array.from({ length: 20_000 }, (_, i) => ({ key: `m${i % 10}`, value: i, timestamp: i, step: i }));
      await store.logBatch(runId, { metrics, params: [], tags: [] });
      expect(await eventually(() => statSync(path).size > sizeBefore + 1_000_000)).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('closes its own connection first, so closing the database still removes the WAL', async () => {
    const path = await freshDatabaseUrl('sqlite');
    const database = await openDatabase(path, { backgroundCheckpoints: true });
    const store = new TrackingSqlStore(database.db, database.dialect, testAudit(database).audit);
    await store.logBatch(await createRun(store), { metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [], tags: [] });
    expect(existsSync(`${path}-wal`)).toBe(true);
    await database.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
