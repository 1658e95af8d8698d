import { sql, type Kysely } from 'kysely';
import type { BulkIntervalQuery, Metric, RunMetric } from '../../domain/tracking/types.js';
import type { SqlDialectName } from './dialect.js';
import type { RunRefs } from './run-refs.js';
import type { Schema } from './schema.js';
import { jsonArrayAgg, jsonNumber, readJsonArray } from './sql-support.js';

/** Reads of metric series: one indexed range scan per request. */
export class MetricSqlStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly refs: RunRefs,
  ) {}

  /**
   * One page of a metric's history, by step then timestamp. The page comes back as four JSON
   * arrays (one per column) rather than one row per point: drivers build a JS object per row
   * and value, which for 100k points costs several times more than parsing four strings.
   */
  async history(runId: string, key: string, page: { offset: number; limit: number }): Promise<Metric[]> {
    const ref = await this.refs.resolve(runId);
    if (!ref || page.limit <= 0) return [];
    const limit = Number.isSafeInteger(page.limit) ? page.limit : Number.MAX_SAFE_INTEGER;
    const agg = (column: string) => jsonArrayAgg(this.dialect, sql.ref(`p.${column}`));
    const { rows } = await sql<{ steps: unknown; times: unknown; vals: unknown; nans: unknown }>`
      select ${agg('step')} as steps, ${agg('timestamp')} as times, ${agg('value')} as vals, ${agg('is_nan')} as nans
      from (
        select step, timestamp, value, is_nan from metric_points
        where run_id = ${ref.id} and key = ${key}
        order by step, timestamp
        limit ${limit} offset ${Math.max(0, page.offset)}
      ) p`.execute(this.db);
    const row = rows[0];
    if (!row) return [];
    const steps = readJsonArray(row.steps);
    const times = readJsonArray(row.times);
    const values = readJsonArray(row.vals);
    const nans = readJsonArray(row.nans);
    const metrics: Metric[] = new Array<Metric>(steps.length);
    for (let i = 0; i < steps.length; i++) {
      metrics[i] = { key, value: nans[i] ? NaN : jsonNumber(values[i]), timestamp: jsonNumber(times[i]), step: jsonNumber(steps[i]) };
    }
    // Both databases feed the aggregate in the subquery's order in practice, but SQL does not
    // promise it; a linear check keeps the contract without paying for a sort in the common case.
    if (!isOrdered(metrics)) metrics.sort(byStepThenTime);
    return metrics;
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

function byStepThenTime(a: Metric, b: Metric): number {
  return a.step - b.step || a.timestamp - b.timestamp;
}

function isOrdered(metrics: readonly Metric[]): boolean {
  for (let i = 1; i < metrics.length; i++) if (byStepThenTime(metrics[i - 1]!, metrics[i]!) > 0) return false;
  return true;
}
