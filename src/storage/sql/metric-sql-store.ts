import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { MetricHistoryJson } from '../../domain/tracking/tracking-store.js';
import type { BulkIntervalQuery, RunMetric } from '../../domain/tracking/types.js';
import type { SqlDialectName } from './dialect.js';
import type { RunRefs } from './run-refs.js';
import type { Schema } from './schema.js';

/** Reads of metric series: one indexed range scan per request. */
export class MetricSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly refs: RunRefs,
  ) {}

  /**
   * One page of a metric's history as the finished JSON array of its points (see
   * `MetricHistoryJson`): the database writes each point, so no row object is ever built.
   *
   * Order: Postgres aggregates in the order it is told. SQLite has no cheap way to say it (an
   * ORDER BY inside the aggregate sorts again and costs 40% more for 100k points), so it relies on
   * the plan: the ordered, limited subquery cannot be flattened into an aggregate and runs as a
   * co-routine that walks the covering index in (step, timestamp) order, feeding the aggregate in
   * that order. The history tests log points out of order on both databases to hold this.
   *
   * Precision: SQLite writes doubles in JSON with 17 significant digits, and Postgres with the
   * shortest text that reads back the same (its default `extra_float_digits` of 1 or more), so
   * every value parses back to the very same double.
   */
  async historyJson(runId: string, key: string, page: { offset: number; limit?: number }): Promise<MetricHistoryJson> {
    const ref = await this.refs.resolve(runId);
    if (!ref || (page.limit !== undefined && page.limit <= 0)) return { json: Buffer.from('[]'), count: 0, more: false };
    const offset = Math.max(0, page.offset);
    const limit = page.limit ?? Number.MAX_SAFE_INTEGER;
    // Whether a point follows the page, looked up in the same statement so that both see one snapshot.
    const more =
      page.limit === undefined
        ? sql`0`
        : sql`exists (select 1 from metric_points where run_id = ${ref.id} and key = ${key}
            order by step, "timestamp" limit 1 offset ${offset + page.limit})`;
    const { rows } = await sql<{ json: Uint8Array | string | null; count: number | string; more: unknown }>`
      select ${this.pointsJsonArray(key)} as json, count(*) as count, ${more} as more
      from (
        select step, "timestamp", value, is_nan from metric_points
        where run_id = ${ref.id} and key = ${key}
        order by step, "timestamp"
        limit ${limit} offset ${offset}
      ) p`.execute(this.db);
    const row = rows[0];
    const count = Number(row?.count ?? 0);
    const json = count === 0 || row?.json == null ? '[]' : row.json;
    return { json: typeof json === 'string' ? Buffer.from(json) : json, count, more: Boolean(Number(row?.more ?? 0)) };
  }

  /**
   * The JSON array aggregate of the subquery `p`'s points: on SQLite as a blob, which better-sqlite3
   * hands over as the UTF-8 bytes it has; on Postgres as text (pg would otherwise parse `json`).
   */
  private pointsJsonArray(key: string): RawBuilder<unknown> {
    if (this.dialect === 'sqlite') {
      // SQLite reads the literal 9e999 as Infinity.
      return sql`cast(json_group_array(json_object('key', ${key}, 'value',
        case when p.is_nan = 1 then 'NaN' when p.value = 9e999 then 'Infinity' when p.value = -9e999 then '-Infinity' else p.value end,
        'timestamp', p."timestamp", 'step', p.step)) as blob)`;
    }
    return sql`json_agg(json_build_object('key', ${key}::text, 'value',
        case when p.is_nan = 1 then to_json('NaN'::text) when p.value = 'Infinity'::float8 then to_json('Infinity'::text)
          when p.value = '-Infinity'::float8 then to_json('-Infinity'::text) else to_json(p.value) end,
        'timestamp', p."timestamp", 'step', p.step) order by p.step, p."timestamp")::text`;
  }

  /**
   * Points of `query.key` for up to 100 runs within the step range. When a run has more points
   * than `maxResults`, it keeps `maxResults` of them spread evenly over the run's points, always
   * including the first and the last. (MLflow instead samples distinct steps; sampling points
   * gives the same curve shape and bounds the answer the same way.) Results follow the order of
   * `query.runIds`, then step and timestamp.
   */
  async bulkInterval(query: BulkIntervalQuery): Promise<RunMetric[]> {
    const refs = await this.refs.resolveMany(query.runIds);
    const wanted = [...new Set(query.runIds)].flatMap((uuid) => {
      const ref = refs.get(uuid);
      return ref ? [{ uuid, id: ref.id }] : [];
    });
    if (wanted.length === 0) return [];
    const uuidById = new Map(wanted.map((run) => [run.id, run.uuid]));
    const max = sql.lit(Math.max(1, Math.floor(query.maxResults)));
    const stepRange =
      query.startStep !== undefined && query.endStep !== undefined
        ? sql`and step >= ${query.startStep} and step <= ${query.endStep}`
        : sql``;
    // Point i of n (0-based) is kept when floor(i*(m-1)/(n-1)) moves on from point i-1's: that
    // yields exactly m points, the first and the last among them.
    const { rows } = await sql<{ run_id: number; step: number; timestamp: number; value: number; is_nan: number }>`
      select p.run_id, p.step, p.timestamp, p.value, p.is_nan from (
        select run_id, step, timestamp, value, is_nan,
          row_number() over (partition by run_id order by step, timestamp) - 1 as rn,
          count(*) over (partition by run_id) as n
        from metric_points
        where run_id in (${sql.join(wanted.map((run) => run.id))}) and key = ${query.key} ${stepRange}
      ) p
      where p.n <= ${max} or p.rn = 0
        or (p.rn * (${max} - 1)) / nullif(p.n - 1, 0) <> ((p.rn - 1) * (${max} - 1)) / nullif(p.n - 1, 0)
      order by p.run_id, p.step, p.timestamp`.execute(this.db);

    const byRun = new Map<string, RunMetric[]>();
    for (const row of rows) {
      const runId = uuidById.get(Number(row.run_id))!;
      const metric: RunMetric = {
        runId,
        key: query.key,
        value: row.is_nan ? NaN : Number(row.value),
        timestamp: Number(row.timestamp),
        step: Number(row.step),
      };
      const list = byRun.get(runId);
      if (list) list.push(metric);
      else byRun.set(runId, [metric]);
    }
    return wanted.flatMap((run) => byRun.get(run.uuid) ?? []);
  }
}
