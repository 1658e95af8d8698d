import { sql, type RawBuilder } from 'kysely';
import type { Comparator } from '../../domain/tracking/search/search-query.js';
import type { ViewType } from '../../domain/tracking/types.js';
import type { SqlDialectName } from './dialect.js';

/**
 * SQL fragments shared by run and experiment search. Every user value travels as a bound
 * parameter; only generated aliases and fixed column names are spliced in as raw SQL.
 */

export type Fragment = RawBuilder<unknown>;

/**
 * Text comparison with MLflow's meaning on both databases: `=` and LIKE are case-sensitive
 * (SQLite gets `PRAGMA case_sensitive_like` in database.ts), ILIKE is not. Backslash escapes
 * `%` and `_` in patterns on both, as it does by default on Postgres.
 */
export function compareText(column: Fragment, comparator: Comparator, value: string | readonly string[]): Fragment {
  if (comparator === 'IN' || comparator === 'NOT IN') {
    const list = sql.join((typeof value === 'string' ? [value] : value).map((v) => sql`${v}`));
    return comparator === 'IN' ? sql`${column} in (${list})` : sql`${column} not in (${list})`;
  }
  if (typeof value !== 'string') throw new Error(`comparator ${comparator} takes one value, not a list`);
  switch (comparator) {
    case '=':
      return sql`${column} = ${value}`;
    case '!=':
      return sql`${column} <> ${value}`;
    case 'LIKE':
      return sql`${column} like ${value} escape '\\'`;
    case 'ILIKE':
      return sql`lower(${column}) like lower(${value}) escape '\\'`;
    default:
      throw new Error(`comparator ${comparator} does not apply to text`);
  }
}

export function compareNumber(column: Fragment, comparator: Comparator, value: number): Fragment {
  switch (comparator) {
    case '=':
      return sql`${column} = ${value}`;
    case '!=':
      return sql`${column} <> ${value}`;
    case '>':
      return sql`${column} > ${value}`;
    case '>=':
      return sql`${column} >= ${value}`;
    case '<':
      return sql`${column} < ${value}`;
    case '<=':
      return sql`${column} <= ${value}`;
    default:
      throw new Error(`comparator ${comparator} does not apply to numbers`);
  }
}

/**
 * Compares an integer (bigint) column. Postgres refuses a fractional parameter for a bigint, so
 * a fractional bound is moved to the equivalent whole number instead (`> 1.5` is `> 1`).
 */
export function compareInteger(column: Fragment, comparator: Comparator, value: number): Fragment {
  if (Number.isInteger(value)) return compareNumber(column, comparator, value);
  switch (comparator) {
    case '=':
      return sql`1 = 0`;
    case '!=':
      return sql`${column} is not null`;
    case '>':
    case '<=':
      return compareNumber(column, comparator, Math.floor(value));
    default:
      return compareNumber(column, comparator, Math.ceil(value));
  }
}

/** Text sorts byte-wise on both databases, whatever collation the Postgres server defaults to. */
export function textForOrder(dialect: SqlDialectName, column: Fragment): Fragment {
  return dialect === 'postgres' ? sql`${column} collate "C"` : column;
}

export function direction(ascending: boolean): Fragment {
  return ascending ? sql`asc` : sql`desc`;
}

/** Missing values (NULL) sort after present ones in both directions. */
export function nullsLast(expression: Fragment, ascending: boolean): Fragment {
  return sql`${expression} ${direction(ascending)} nulls last`;
}

export function lifecycleCondition(column: Fragment, viewType: ViewType): Fragment | undefined {
  if (viewType === 'ACTIVE_ONLY') return sql`${column} = 'active'`;
  if (viewType === 'DELETED_ONLY') return sql`${column} = 'deleted'`;
  return undefined;
}

export function and(conditions: readonly Fragment[]): Fragment {
  return conditions.length === 0 ? sql`1 = 1` : sql.join(conditions, sql` and `);
}
