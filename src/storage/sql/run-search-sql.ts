import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { OrderBy, RunOrderKey, RunQuery } from '../../domain/tracking/search/search-query.js';
import { withRunTieBreaks } from '../../domain/tracking/search/parse-order-by.js';
import type { Schema } from './schema.js';
import type { SqlDialectName } from './dialect.js';
import { direction, textForOrder } from './search-sql-compare.js';
import { keyedTables, RunSelect, type Driver, type KeyedKind, type Segment } from './run-search-plan.js';
import { cheapestDriver } from './run-search-driver.js';

/** Sizes that pick between reading the few matching runs and walking the order key's index. */
export interface RunSearchTuning {
  /** A filter matching fewer rows than this drives the query; the matches are then sorted. */
  selective: number;
  /** How many index entries of the order key a page may walk before the search falls back. */
  minWindow: number;
  windowPerRow: number;
}

const defaultTuning: RunSearchTuning = { selective: 2000, minWindow: 2000, windowPerRow: 10 };

/**
 * Internal ids (runs.id) of the runs `query` selects, in order, one page of them. Metric
 * conditions use each run's latest value; a run without the key never matches. Ordering puts
 * runs missing the order key last in both directions and always ends with MLflow's tie-breaks.
 *
 * Sorting every matching run to keep a page is what makes searches over many runs slow, so the
 * query is planned here rather than left to SQLite (which has no statistics on a young database):
 * a selective filter drives the query and its few matches are sorted; otherwise the runs are
 * read in the order asked, stopping once the page is full.
 */
export async function selectRunIds(
  db: Kysely<Schema>,
  dialect: SqlDialectName,
  query: RunQuery,
  tuning: RunSearchTuning = defaultTuning,
): Promise<number[]> {
  const experimentIds = query.experimentIds.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
  if (experimentIds.length === 0 || query.limit <= 0) return [];
  const search = new PlannedSearch(db, dialect, query, experimentIds, tuning);
  const order = withRunTieBreaks(query.orderBy);
  const [first, ...rest] = order;

  const cheapest = await cheapestDriver(db, query, experimentIds, tuning.selective);
  if (cheapest !== undefined || first === undefined) return search.ids({ driver: cheapest ?? { from: 'runs' } }, order, query.offset, query.limit);
  if (first.key.kind === 'attribute') return search.ids({ driver: { from: 'runs' } }, order, query.offset, query.limit);
  return search.byKey(first.key.kind, first.key.key, first.ascending, rest);
}

class PlannedSearch {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: SqlDialectName,
    private readonly query: RunQuery,
    private readonly experimentIds: readonly number[],
    private readonly tuning: RunSearchTuning,
  ) {}

  async ids(shape: { segment?: Segment; driver?: Driver }, order: OrderBy<RunOrderKey>[], offset: number, limit: number): Promise<number[]> {
    return execute(this.db, new RunSelect(this.dialect, this.query, this.experimentIds, shape).ids(order, offset, limit));
  }

  /**
   * Ordered by a metric, param or tag: the runs with a value, then (metrics) those whose value is
   * NaN, then those without the key. Each segment is read on its own and the page stitched.
   */
  async byKey(kind: KeyedKind, key: string, ascending: boolean, rest: OrderBy<RunOrderKey>[]): Promise<number[]> {
    const segments: Segment[] = [{ part: 'present', kind, key, ascending }];
    if (kind === 'metric') segments.push({ part: 'nan', key });
    segments.push({ part: 'missing', kind, key });

    const result: number[] = [];
    const seen = new Set<number>();
    let offset = this.query.offset;
    for (const segment of segments) {
      const remaining = this.query.limit - result.length;
      const rows =
        segment.part === 'present'
          ? await this.present(segment, rest, offset, remaining)
          : await this.ids(segment.part === 'missing' ? { segment, driver: { from: 'runs' } } : { segment }, rest, offset, remaining);
      // A run whose key changed between two statements could show up twice; keep its first place.
      for (const id of rows) {
        if (!seen.has(id)) result.push(id);
        seen.add(id);
      }
      if (result.length === this.query.limit || segment === segments[segments.length - 1]) break;
      // The segment ended before the page did: the next one starts where its rows ran out.
      const size = rows.length > 0 || offset === 0 ? offset + rows.length : await this.count(segment);
      offset = Math.max(0, offset - size);
    }
    return result;
  }

  /**
   * Walks the order key's index, but only through a window of entries: an unselective filter
   * fills the page long before its end. Too few matches inside means the filters are more
   * selective than they looked one by one, and the database's own plan is the better one.
   */
  private async present(segment: Extract<Segment, { part: 'present' }>, rest: OrderBy<RunOrderKey>[], offset: number, limit: number): Promise<number[]> {
    const window = Math.max(this.tuning.minWindow, this.tuning.windowPerRow * (offset + limit));
    const bound = await this.windowBound(segment, window);
    const walked = await this.ids({ segment: { ...segment, ...(bound === undefined ? {} : { bound }) }, driver: { from: segment.kind, key: segment.key } }, rest, offset, limit);
    if (walked.length === limit || bound === undefined) return walked;
    return this.ids({ segment }, rest, offset, limit);
  }

  /** The order value `window` entries into the key's index, or undefined when there are fewer. */
  private async windowBound(segment: Extract<Segment, { part: 'present' }>, window: number): Promise<number | string | undefined> {
    // NaN metrics (stored as 0) may sit inside the window; they only make it a little narrower.
    const value = segment.kind === 'metric' ? sql`value` : textForOrder(this.dialect, sql`value`);
    const { rows } = await sql<{ value: number | string }>`
      select value from ${keyedTables[segment.kind]} where key = ${segment.key}
      order by ${value} ${direction(segment.ascending)} limit 1 offset ${window - 1}`.execute(this.db);
    return rows[0]?.value;
  }

  private async count(segment: Segment): Promise<number> {
    const { rows } = await new RunSelect(this.dialect, this.query, this.experimentIds, { segment }).count().execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }
}

async function execute(db: Kysely<Schema>, select: RawBuilder<{ id: number }>): Promise<number[]> {
  const { rows } = await select.execute(db);
  return rows.map((row) => Number(row.id));
}
