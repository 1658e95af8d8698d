import { sql, type Kysely } from 'kysely';
import type { RunFilterClause, RunQuery } from '../../domain/tracking/search/search-query.js';
import type { Schema } from './schema.js';
import { compareNumber, compareText, lifecycleCondition, type Fragment } from './search-sql-compare.js';
import { keyedTables, type Driver } from './run-search-plan.js';

/**
 * The table a search should read first when some filter (or the experiment itself) matches fewer
 * than `cap` rows, judged by counting index entries up to `cap`: the few matches are then read
 * and sorted, which beats walking thousands of runs in order. Undefined when nothing is that
 * selective. Counting index ranges is cheap; SQLite's planner has no statistics to do it for us.
 */
export async function cheapestDriver(db: Kysely<Schema>, query: RunQuery, experimentIds: readonly number[], cap: number): Promise<Driver | undefined> {
  const lifecycle = lifecycleCondition(sql`lifecycle_stage`, query.viewType);
  const runsInExperiments = sql`select 1 from runs where experiment_id in (${sql.join([...experimentIds])})${lifecycle ? sql` and ${lifecycle}` : sql``}`;
  let best: { driver: Driver; count: number } = { driver: { from: 'runs' }, count: await cappedCount(db, runsInExperiments, cap) };

  for (const clause of query.filter) {
    const probe = indexProbe(clause);
    if (probe === undefined || best.count === 0) continue;
    const count = probe.count ?? (await cappedCount(db, probe.rows, Math.min(cap, best.count)));
    if (count < best.count) best = { driver: probe.driver, count };
  }
  return best.count < cap ? best.driver : undefined;
}

/** How to count the rows an index gives for one clause, for the clauses an index can answer. */
function indexProbe(clause: RunFilterClause): { driver: Driver; rows: Fragment; count?: number } | undefined {
  switch (clause.kind) {
    case 'metric':
      if (clause.comparator === '!=') return undefined;
      return {
        driver: { from: 'metric', key: clause.key },
        rows: sql`select 1 from latest_metrics where key = ${clause.key} and ${compareNumber(sql`value`, clause.comparator, clause.value)}`,
      };
    case 'param':
    case 'tag':
      if (clause.comparator !== '=') return undefined;
      return {
        driver: { from: clause.kind, key: clause.key },
        rows: sql`select 1 from ${keyedTables[clause.kind]} where key = ${clause.key} and ${compareText(sql`value`, '=', clause.value)}`,
      };
    case 'attribute':
      // run_id is unique: the clause names at most as many runs as it lists.
      if (clause.key !== 'run_id' || (clause.comparator !== '=' && clause.comparator !== 'IN')) return undefined;
      return { driver: { from: 'runs' }, rows: sql``, count: Array.isArray(clause.value) ? clause.value.length : 1 };
    default:
      return undefined;
  }
}

async function cappedCount(db: Kysely<Schema>, rows: Fragment, cap: number): Promise<number> {
  const { rows: result } = await sql<{ n: number | string }>`select count(*) as n from (${rows} limit ${cap}) capped`.execute(db);
  return Number(result[0]?.n ?? 0);
}
