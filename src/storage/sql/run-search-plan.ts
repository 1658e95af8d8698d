import { sql, type RawBuilder } from 'kysely';
import type { OrderBy, RunAttribute, RunFilterClause, RunOrderKey, RunQuery } from '../../domain/tracking/search/search-query.js';
import type { SqlDialectName } from './dialect.js';
import { and, compareInteger, compareNumber, compareText, direction, lifecycleCondition, nullsLast, textForOrder, type Fragment } from './search-sql-compare.js';

export const runColumns: Record<RunAttribute, { column: Fragment; numeric: boolean; nullable: boolean }> = {
  run_id: { column: sql`r.run_uuid`, numeric: false, nullable: false },
  run_name: { column: sql`r.name`, numeric: false, nullable: false },
  status: { column: sql`r.status`, numeric: false, nullable: false },
  user_id: { column: sql`r.user_id`, numeric: false, nullable: false },
  artifact_uri: { column: sql`r.artifact_uri`, numeric: false, nullable: false },
  lifecycle_stage: { column: sql`r.lifecycle_stage`, numeric: false, nullable: false },
  start_time: { column: sql`r.start_time`, numeric: true, nullable: false },
  end_time: { column: sql`r.end_time`, numeric: true, nullable: true },
};

export type KeyedKind = 'metric' | 'param' | 'tag';
export const keyedTables: Record<KeyedKind, Fragment> = { metric: sql`latest_metrics`, param: sql`params`, tag: sql`run_tags` };

/**
 * Which runs one SELECT covers when the first order key is a metric, param or tag: those with a
 * value (optionally only up to `bound` in order), those whose metric is NaN, or those without
 * the key. The three segments, concatenated, are the full ordered result.
 */
export type Segment =
  | { part: 'present'; kind: KeyedKind; key: string; ascending: boolean; bound?: number | string }
  | { part: 'nan'; key: string }
  | { part: 'missing'; kind: KeyedKind; key: string };

/**
 * The table the database must read first. Every other inner join is then written as a CROSS
 * JOIN with its condition in WHERE, which SQLite keeps in the written order; Postgres treats
 * it as an ordinary inner join and plans it freely.
 */
export type Driver = { from: 'runs' } | { from: KeyedKind; key: string };

/**
 * Builds one SELECT over runs for a search: filters become joins and conditions, order keys
 * become ORDER BY terms. Every user value is a bound parameter; aliases are generated here.
 */
export class RunSelect {
  private readonly from: Fragment[] = [];
  private readonly joins: Fragment[] = [];
  private readonly where: Fragment[] = [];
  private readonly orderBy: Fragment[] = [];
  private aliases = 0;
  /** Inner-joined (kind, key) rows, reusable for ordering since a run has at most one per key. */
  private readonly joined = new Map<string, Fragment>();
  private readonly forceOrder: boolean;

  constructor(
    private readonly dialect: SqlDialectName,
    query: RunQuery,
    experimentIds: readonly number[],
    shape: { segment?: Segment; driver?: Driver } = {},
  ) {
    const { segment, driver } = shape;
    this.forceOrder = driver !== undefined;
    if (driver === undefined || driver.from === 'runs') {
      this.from.push(sql`runs r`);
    } else {
      const o = this.alias(driver.from);
      this.from.push(sql`${keyedTables[driver.from]} ${o} cross join runs r`);
      this.where.push(sql`r.id = ${o}.run_id`, sql`${o}.key = ${driver.key}`);
      this.joined.set(`${driver.from}\u0000${driver.key}`, o);
    }
    if (segment?.part === 'present') {
      const o = this.join(segment.kind, segment.key);
      this.presentConditions(segment, o);
      this.orderBy.push(sql`${this.orderValue(segment.kind, o)} ${direction(segment.ascending)}`);
    } else if (segment?.part === 'nan') {
      this.where.push(sql`${this.join('metric', segment.key)}.is_nan = 1`);
    } else if (segment?.part === 'missing') {
      this.where.push(sql`not exists (select 1 from ${keyedTables[segment.kind]} x where x.run_id = r.id and x.key = ${segment.key})`);
    }
    this.where.push(sql`r.experiment_id in (${sql.join([...experimentIds])})`);
    const lifecycle = lifecycleCondition(sql`r.lifecycle_stage`, query.viewType);
    if (lifecycle) this.where.push(lifecycle);
    for (const clause of query.filter) this.filter(clause);
  }

  /** The ids of one page: `limit` rows from `offset`. */
  ids(order: readonly OrderBy<RunOrderKey>[], offset: number, limit: number): RawBuilder<{ id: number }> {
    for (const item of order) this.order(item);
    return sql<{ id: number }>`select r.id from ${sql.join(this.from, sql` `)} ${sql.join(this.joins, sql` `)}
      where ${and(this.where)} order by ${sql.join(this.orderBy)} limit ${limit} offset ${offset}`;
  }

  count(): RawBuilder<{ n: number | string }> {
    return sql<{ n: number | string }>`select count(*) as n from ${sql.join(this.from, sql` `)} ${sql.join(this.joins, sql` `)} where ${and(this.where)}`;
  }

  private presentConditions(segment: Extract<Segment, { part: 'present' }>, o: Fragment): void {
    // NaN metrics are stored as 0 with a flag; they belong to the 'nan' segment, not here.
    if (segment.kind === 'metric') this.where.push(sql`${o}.is_nan = 0`);
    if (segment.bound === undefined) return;
    const value = this.orderValue(segment.kind, o);
    this.where.push(segment.ascending ? sql`${value} <= ${segment.bound}` : sql`${value} >= ${segment.bound}`);
  }

  /** A keyed value as ORDER BY and window bounds compare it: numbers as such, text byte-wise. */
  private orderValue(kind: KeyedKind, alias: Fragment): Fragment {
    return kind === 'metric' ? sql`${alias}.value` : textForOrder(this.dialect, sql`${alias}.value`);
  }

  private filter(clause: RunFilterClause): void {
    switch (clause.kind) {
      case 'metric': {
        const m = this.join('metric', clause.key);
        // NaN equals nothing and differs from everything.
        this.where.push(
          clause.comparator === '!='
            ? sql`(${m}.is_nan = 1 or ${m}.value <> ${clause.value})`
            : sql`${m}.is_nan = 0 and ${compareNumber(sql`${m}.value`, clause.comparator, clause.value)}`,
        );
        return;
      }
      case 'param':
      case 'tag':
        this.where.push(compareText(sql`${this.join(clause.kind, clause.key)}.value`, clause.comparator, clause.value));
        return;
      case 'attribute': {
        const { column, numeric } = runColumns[clause.key];
        const { value } = clause;
        if (numeric && typeof value === 'number') this.where.push(compareInteger(column, clause.comparator, value));
        else if (!numeric && typeof value !== 'number') this.where.push(compareText(column, clause.comparator, value));
        else throw new Error(`attribute ${clause.key} cannot compare with ${JSON.stringify(value)}`);
        return;
      }
      case 'dataset':
        this.where.push(sql`exists (
          select 1 from run_inputs ri join datasets d on d.id = ri.dataset_id
          where ri.run_id = r.id and ${compareText(this.datasetField(clause.key), clause.comparator, clause.value)})`);
        return;
    }
  }

  private order({ key, ascending }: OrderBy<RunOrderKey>): void {
    if (key.kind === 'attribute') {
      const { column, numeric, nullable } = runColumns[key.key];
      const expression = numeric ? column : textForOrder(this.dialect, column);
      // NULLS LAST only where NULL can occur: it would stop SQLite walking the start_time index.
      this.orderBy.push(nullable ? nullsLast(expression, ascending) : sql`${expression} ${direction(ascending)}`);
      return;
    }
    const t = this.joined.get(`${key.kind}\u0000${key.key}`) ?? this.leftJoin(key.kind, key.key);
    if (key.kind === 'metric') {
      // Numbers first, then NaN, then runs without the metric, whichever the direction.
      this.orderBy.push(sql`${t}.is_nan asc nulls last`, nullsLast(sql`${t}.value`, ascending));
    } else {
      this.orderBy.push(nullsLast(textForOrder(this.dialect, sql`${t}.value`), ascending));
    }
  }

  private alias(kind: KeyedKind): Fragment {
    return sql.raw(`${kind[0] as string}${this.aliases++}`);
  }

  private join(kind: KeyedKind, key: string): Fragment {
    const existing = this.joined.get(`${kind}\u0000${key}`);
    if (existing) return existing;
    const t = this.alias(kind);
    if (this.forceOrder) {
      this.from.push(sql`cross join ${keyedTables[kind]} ${t}`);
      this.where.push(sql`${t}.run_id = r.id and ${t}.key = ${key}`);
    } else {
      this.joins.push(sql`join ${keyedTables[kind]} ${t} on ${t}.run_id = r.id and ${t}.key = ${key}`);
    }
    this.joined.set(`${kind}\u0000${key}`, t);
    return t;
  }

  private leftJoin(kind: KeyedKind, key: string): Fragment {
    const t = this.alias(kind);
    this.joins.push(sql`left join ${keyedTables[kind]} ${t} on ${t}.run_id = r.id and ${t}.key = ${key}`);
    return t;
  }

  /** `context` is the `mlflow.data.context` input tag, kept in run_inputs.tags as a JSON array. */
  private datasetField(field: 'name' | 'digest' | 'context'): Fragment {
    if (field === 'name') return sql`d.name`;
    if (field === 'digest') return sql`d.digest`;
    return this.dialect === 'postgres'
      ? sql`(select t ->> 'value' from jsonb_array_elements(ri.tags::jsonb) t where t ->> 'key' = 'mlflow.data.context' limit 1)`
      : sql`(select json_extract(t.value, '$.value') from json_each(ri.tags) t where json_extract(t.value, '$.key') = 'mlflow.data.context' limit 1)`;
  }
}
