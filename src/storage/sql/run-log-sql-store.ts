import { CompiledQuery, type Kysely } from 'kysely';
import { notFound } from '../../domain/errors.js';
import type { RunBatch, RunPrecondition } from '../../domain/tracking/tracking-store.js';
import { systemTags, type LifecycleStage } from '../../domain/tracking/types.js';
import { canonicalBatchJson } from '../../domain/audit/batch-json.js';
import type { AuditTrail, StampedChange } from './audit-trail.js';
import type { SqlDialectName } from './dialect.js';
import type { RunRefs } from './run-refs.js';
import { changedParam, latestPerKey, prepareLog, type PreparedLog, type StoredPoint } from './run-log-rows.js';
import type { Schema } from './schema.js';
import { chunks, inListChunk, insertFlat, insertRows, rawQuery } from './sql-support.js';

const pointColumns = ['run_id', 'key', 'step', '"timestamp"', 'value', 'is_nan'];
const upsertTag = 'on conflict (run_id, key) do update set value = excluded.value';
// The stored latest value stays when it is later than the incoming one (see run-log-rows.ts).
const upsertLatest =
  'on conflict (run_id, key) do update set step = excluded.step, "timestamp" = excluded."timestamp", ' +
  'value = excluded.value, is_nan = excluded.is_nan ' +
  'where (excluded.step, excluded."timestamp", excluded.value) > (latest_metrics.step, latest_metrics."timestamp", latest_metrics.value)';

/** Bounds on one group transaction, so a burst never turns into one huge write. */
const maxGroupLogs = 256;
const maxGroupPoints = 20_000;

interface Pending {
  log: PreparedLog;
  precondition: RunPrecondition | undefined;
  /** The call's audit event, stamped when it was queued (the caller's identity and time); none for an empty call. */
  event: StampedChange | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The write path of runs: params, tags and metric points, each call all or nothing.
 *
 * Calls that arrive while a write is in progress are committed together in the next transaction
 * (group commit): per-statement overhead, not the database, bounds single-metric logging, and
 * 16 clients logging one point each then cost one transaction instead of 16. Each call still
 * succeeds or fails alone (params go through a savepoint per call), and is answered only after
 * its transaction commits. Preconditions on the runs (the service's "run is active") are checked
 * in the same transaction, with one lookup for the whole group. Each accepted call appends its own
 * `run.log` audit event at the end of the group's transaction; a refused call leaves none.
 */
export class RunLogSqlStore {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly refs: RunRefs,
    private readonly audit: AuditTrail,
  ) {}

  async logBatch(runId: string, batch: RunBatch, precondition?: RunPrecondition): Promise<void> {
    const ref = await this.refs.resolve(runId);
    if (!ref) throw notFound(`No run with id '${runId}'`);
    const log = prepareLog(runId, ref.id, batch);
    // An empty call with a precondition still goes through the queue: its answer is the check.
    const empty = log.params.length + log.tags.length + log.points.length === 0;
    if (!precondition && empty) return;
    const event = empty
      ? undefined
      : this.audit.stamp({
          action: 'run.log',
          resourceType: 'run',
          resourceId: runId,
          details: { metrics: batch.metrics.length, params: batch.params.length, tags: batch.tags.length },
          payloadJson: canonicalBatchJson(batch),
        });
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ log, precondition, event, resolve, reject });
      // Drain after the current I/O phase: better-sqlite3 is synchronous, so an immediate drain would
      // commit each HTTP request alone before the next socket's data is even read.
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.writeGroup(this.takeGroup());
    } finally {
      this.draining = false;
    }
  }

  private takeGroup(): Pending[] {
    let points = 0;
    let count = 0;
    while (count < this.queue.length && count < maxGroupLogs) {
      points += this.queue[count]!.log.points.length;
      if (count > 0 && points > maxGroupPoints) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** Settles every call in `group`; never throws. */
  private async writeGroup(group: Pending[]): Promise<void> {
    const refused = new Map<Pending, unknown>();
    try {
      await this.db.transaction().execute(async (trx) => {
        const projects = await this.checkRuns(trx, group, refused);
        for (const entry of group) {
          if (entry.log.params.length === 0 || refused.has(entry)) continue;
          if (group.length === 1) await insertParams(trx, entry.log);
          else {
            const error = await withSavepoint(trx, () => insertParams(trx, entry.log));
            if (error !== undefined) refused.set(entry, error);
          }
        }
        const accepted = group.filter((entry) => !refused.has(entry));
        await this.writeTagsAndPoints(trx, accepted.map((entry) => entry.log));
        await this.audit.append(
          trx,
          accepted.flatMap(({ event, log }) => (event ? [{ ...event, change: { ...event.change, projectId: projects.get(log.runInternalId) ?? null } }] : [])),
        );
      });
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      // Something other than one call's params failed: write each call alone, so that one bad
      // call cannot sink the others.
      for (const entry of group) await this.writeGroup([entry]);
      return;
    }
    for (const entry of group) {
      if (refused.has(entry)) entry.reject(refused.get(entry));
      else entry.resolve();
    }
  }

  /**
   * Marks in `refused` the calls whose run fails their precondition, from one lookup of the group's
   * runs; returns each run's project (for the audit events).
   */
  private async checkRuns(db: Kysely<Schema>, group: readonly Pending[], refused: Map<Pending, unknown>): Promise<Map<number, number>> {
    // A group holds at most maxGroupLogs calls, well within one IN list.
    const ids = [...new Set(group.map((entry) => entry.log.runInternalId))];
    const { rows } = await db.executeQuery(
      rawQuery<{ id: number; lifecycle_stage: string; project_id: number }>(
        this.dialect,
        `select r.id, r.lifecycle_stage, e.project_id from runs r join experiments e on e.experiment_id = r.experiment_id where r.id in (${ids.map(() => '?').join(', ')})`,
        ids,
      ),
    );
    const stages = new Map(rows.map((row) => [Number(row.id), row.lifecycle_stage as LifecycleStage]));
    const projects = new Map(rows.map((row) => [Number(row.id), Number(row.project_id)]));
    for (const entry of group) {
      if (entry.precondition === undefined) continue;
      const lifecycleStage = stages.get(entry.log.runInternalId);
      try {
        if (lifecycleStage === undefined) throw notFound(`No run with id '${entry.log.runId}'`);
        entry.precondition!({ runId: entry.log.runId, lifecycleStage });
      } catch (error) {
        refused.set(entry, error);
      }
    }
    return projects;
  }

  private async writeTagsAndPoints(db: Kysely<Schema>, logs: readonly PreparedLog[]): Promise<void> {
    // Tags: the last call to set a key wins, as if the calls had run one after another.
    const tags = new Map<string, unknown[]>();
    for (const log of logs) {
      for (const tag of log.tags) tags.set(`${log.runInternalId}\u0000${tag.key}`, [log.runInternalId, tag.key, tag.value]);
    }
    if (tags.size > 0) await insertRows(db, this.dialect, 'run_tags', ['run_id', 'key', 'value'], [...tags.values()], upsertTag);
    // The run name lives in the run row and in its tag; they change together.
    for (const [runId, key, value] of tags.values()) {
      if (key === systemTags.runName && value !== '') await db.executeQuery(rawQuery(this.dialect, 'update runs set name = ? where id = ?', [value, runId]));
    }

    const points = logs.length === 1 ? logs[0]!.points : logs.flatMap((log) => log.points);
    if (points.length === 0) return;
    await insertFlat(db, this.dialect, 'metric_points', pointColumns, pointValues(points));
    await insertFlat(db, this.dialect, 'latest_metrics', pointColumns, pointValues(latestPerKey(points)), upsertLatest);
  }
}

function pointValues(points: readonly StoredPoint[]): unknown[] {
  const values = new Array<unknown>(points.length * 6);
  let i = 0;
  for (const p of points) {
    values[i++] = p.runId;
    values[i++] = p.key;
    values[i++] = p.step;
    values[i++] = p.timestamp;
    values[i++] = p.value;
    values[i++] = p.isNan;
  }
  return values;
}

/** Runs `write` inside a savepoint; on failure undoes only its changes and returns the error. */
async function withSavepoint(db: Kysely<Schema>, write: () => Promise<void>): Promise<unknown> {
  await db.executeQuery(CompiledQuery.raw('savepoint log_call'));
  try {
    await write();
    await db.executeQuery(CompiledQuery.raw('release savepoint log_call'));
    return undefined;
  } catch (error) {
    await db.executeQuery(CompiledQuery.raw('rollback to savepoint log_call'));
    await db.executeQuery(CompiledQuery.raw('release savepoint log_call'));
    return error;
  }
}

/**
 * Inserts first and compares afterwards: a key the insert skipped already existed (possibly written
 * a moment ago by a concurrent writer, which the conflict check waits for), so its stored value is
 * authoritative and must equal ours.
 */
async function insertParams(db: Kysely<Schema>, log: PreparedLog): Promise<void> {
  const inserted = new Set<string>();
  for (const part of chunks(log.params, inListChunk)) {
    const rows = await db
      .insertInto('params')
      .values(part.map((p) => ({ run_id: log.runInternalId, key: p.key, value: p.value })))
      .onConflict((oc) => oc.columns(['run_id', 'key']).doNothing())
      .returning('key')
      .execute();
    for (const row of rows) inserted.add(row.key);
  }
  const existing = log.params.filter((p) => !inserted.has(p.key));
  for (const part of chunks(existing, inListChunk)) {
    const stored = await db
      .selectFrom('params')
      .select(['key', 'value'])
      .where('run_id', '=', log.runInternalId)
      .where('key', 'in', part.map((p) => p.key))
      .execute();
    const storedValue = new Map(stored.map((row) => [row.key, row.value]));
    for (const param of part) {
      const old = storedValue.get(param.key);
      if (old !== undefined && old !== param.value) throw changedParam(param.key, old, param.value, log.runId);
    }
  }
}
