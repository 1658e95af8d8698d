import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';
import type { SqlDialectName } from './dialect.js';
import { chunks, inListChunk, rawQuery } from './sql-support.js';

/** What the child tables need to know about a run: its internal id and its experiment. */
export interface RunRef {
  id: number;
  experimentId: number;
}

const cacheLimit = 10_000;

/**
 * Maps public run ids (32-hex `run_uuid`) to internal ones. The pairing never changes once a run
 * exists (runs are only soft-deleted and never move), so caching it is safe across replicas; it
 * saves a query on every logging call, the busiest path. Unknown ids are never cached.
 */
export class RunRefs {
  private readonly cache = new Map<string, RunRef>();

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
  ) {}

  async resolve(runUuid: string): Promise<RunRef | undefined> {
    const cached = this.cache.get(runUuid);
    if (cached) return cached;
    const { rows } = await this.db.executeQuery(
      rawQuery<{ id: number; experiment_id: number }>(this.dialect, 'select id, experiment_id from runs where run_uuid = ?', [runUuid]),
    );
    const row = rows[0];
    if (!row) return undefined;
    return this.remember(runUuid, { id: Number(row.id), experimentId: Number(row.experiment_id) });
  }

  async resolveMany(runUuids: readonly string[]): Promise<Map<string, RunRef>> {
    const found = new Map<string, RunRef>();
    const missing: string[] = [];
    for (const uuid of new Set(runUuids)) {
      const cached = this.cache.get(uuid);
      if (cached) found.set(uuid, cached);
      else missing.push(uuid);
    }
    for (const part of chunks(missing, inListChunk)) {
      const rows = await this.db.selectFrom('runs').select(['id', 'run_uuid', 'experiment_id']).where('run_uuid', 'in', part).execute();
      for (const row of rows) found.set(row.run_uuid, this.remember(row.run_uuid, { id: Number(row.id), experimentId: Number(row.experiment_id) }));
    }
    return found;
  }

  private remember(runUuid: string, ref: RunRef): RunRef {
    if (this.cache.size >= cacheLimit) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(runUuid, ref);
    return ref;
  }
}
