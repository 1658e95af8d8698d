import { decodePageToken, encodePageToken } from './search/page-token.js';
import { parseExperimentFilter } from './search/parse-experiment-filter.js';
import { parseExperimentOrderBy, parseRunOrderBy } from './search/parse-order-by.js';
import { parseRunFilter } from './search/parse-run-filter.js';
import type { TrackingStore } from './tracking-store.js';
import type { Experiment, ExperimentSearch, Metric, MetricHistoryQuery, Page, Run, RunSearch } from './types.js';
import { limits, validateExperimentId, validateMaxResults } from './validation.js';

/**
 * The read side of tracking: the search modules parse filters and page tokens; this asks the store
 * for one row more than a page to learn whether another page follows.
 */
export class TrackingSearch {
  constructor(private readonly store: TrackingStore) {}

  async runs(search: RunSearch): Promise<Page<Run>> {
    validateMaxResults(search.maxResults, limits.searchRunsMaxResults);
    search.experimentIds.forEach((id, i) => validateExperimentId(id, `experiment_ids[${i}]`));
    const filter = parseRunFilter(search.filter);
    const orderBy = parseRunOrderBy(search.orderBy);
    // The token is tied to everything that decides which rows come back and in what order.
    const identity = ['runs', [...search.experimentIds].sort(), filter, search.viewType, orderBy];
    const offset = decodePageToken(search.pageToken, identity);
    // Ids a SQL store can never hold match nothing.
    const experimentIds = search.experimentIds.filter(isStoredId);
    if (experimentIds.length === 0) return { items: [] };
    const rows = await this.store.searchRuns({ experimentIds, filter, orderBy, viewType: search.viewType, offset, limit: search.maxResults + 1 });
    return page(rows, search.maxResults, offset, identity);
  }

  /** `projectIds` restricts the answer to those projects' experiments (undefined: all). */
  async experiments(search: ExperimentSearch, projectIds?: readonly number[]): Promise<Page<Experiment>> {
    validateMaxResults(search.maxResults, limits.searchExperimentsMaxResults);
    const filter = parseExperimentFilter(search.filter);
    const orderBy = parseExperimentOrderBy(search.orderBy);
    const identity = ['experiments', filter, search.viewType, orderBy, ...(search.project !== undefined ? [search.project] : [])];
    const offset = decodePageToken(search.pageToken, identity);
    if (projectIds?.length === 0) return { items: [] };
    const rows = await this.store.searchExperiments({ filter, orderBy, viewType: search.viewType, offset, limit: search.maxResults + 1, ...(projectIds ? { projectIds } : {}) });
    return page(rows, search.maxResults, offset, identity);
  }

  /** Without max_results the whole history comes back, as MLflow's server does. */
  async metricHistoryJson(query: MetricHistoryQuery): Promise<MetricHistoryPage> {
    const identity = ['metric-history', query.runId, query.key];
    const offset = decodePageToken(query.pageToken, identity);
    if (query.maxResults === undefined) {
      const { json, count } = await this.store.getMetricHistoryJson(query.runId, query.key, { offset });
      return { json, count };
    }
    validateMaxResults(query.maxResults, limits.metricHistoryMaxResults);
    const { json, count, more } = await this.store.getMetricHistoryJson(query.runId, query.key, { offset, limit: query.maxResults });
    return more ? { json, count, nextPageToken: encodePageToken(offset + query.maxResults, identity) } : { json, count };
  }
}

/** A page of metric history as the JSON array of its points, in UTF-8 (see `MetricHistoryJson`). */
export interface MetricHistoryPage {
  json: Uint8Array;
  count: number;
  nextPageToken?: string;
}

/** The points of a history page as objects; the strings "NaN", "Infinity", "-Infinity" become numbers. */
export function parseMetricHistoryJson(json: Uint8Array): Metric[] {
  const points = JSON.parse(new TextDecoder().decode(json)) as { key: string; value: number | string; timestamp: number; step: number }[];
  return points.map((point) => (typeof point.value === 'number' ? (point as Metric) : { ...point, value: Number(point.value) }));
}

function page<T>(rows: T[], size: number, offset: number, identity: unknown): Page<T> {
  if (rows.length <= size) return { items: rows };
  return { items: rows.slice(0, size), nextPageToken: encodePageToken(offset + size, identity) };
}

/** SQL stores number experiments; any other well-formed id simply does not exist. */
export function isStoredId(id: string): boolean {
  return /^\d{1,15}$/.test(id);
}
