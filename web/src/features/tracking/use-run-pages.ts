import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { searchRuns } from '../../api/mlflow-client.js';
import type { Run } from '../../api/tracking-model.js';

const pageSize = 500;

export interface RunPages {
  runs: Run[];
  /** Every metric, param and tag key seen in the loaded runs, sorted. */
  metricKeys: string[];
  paramKeys: string[];
  tagKeys: string[];
  hasMore: boolean;
  /** Changes whenever a new query's first page replaces the list (the table then scrolls to the top). */
  generation: number;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
}

interface State {
  runs: Run[];
  generation: number;
  nextToken: string | null;
  loading: boolean;
  error: unknown;
  keys: { metrics: Set<string>; params: Set<string>; tags: Set<string> };
}

const emptyKeys = () => ({ metrics: new Set<string>(), params: new Set<string>(), tags: new Set<string>() });

/**
 * Pages through runs/search with next_page_token. A change of filter or order starts over;
 * answers to an older query are dropped.
 */
export function useRunPages(experimentId: string, filter: string, orderBy: string[]): RunPages {
  const [state, setState] = useState<State>({ runs: [], generation: 0, nextToken: null, loading: true, error: null, keys: emptyKeys() });
  const queryRef = useRef(0);
  const busyRef = useRef(false);
  const orderKey = orderBy.join('\n');

  const fetchPage = useCallback(
    (token: string | null, query: number) => {
      busyRef.current = true;
      setState((s) => ({ ...s, loading: true }));
      searchRuns({ experimentIds: [experimentId], filter, orderBy: orderKey.split('\n'), maxResults: pageSize, pageToken: token }).then(
        (page) => {
          if (query !== queryRef.current) return;
          busyRef.current = false;
          setState((s) => {
            // Keys accumulate across queries: a narrow filter must not make the picker forget columns.
            const keys = s.keys;
            for (const run of page.items) {
              for (const k of run.metrics.keys()) keys.metrics.add(k);
              for (const k of run.params.keys()) keys.params.add(k);
              for (const k of run.tags.keys()) keys.tags.add(k);
            }
            return { runs: token ? [...s.runs, ...page.items] : page.items, generation: token ? s.generation : s.generation + 1, nextToken: page.nextPageToken, loading: false, error: null, keys };
          });
        },
        (error: unknown) => {
          if (query !== queryRef.current) return;
          busyRef.current = false;
          setState((s) => ({ ...s, runs: token ? s.runs : [], nextToken: token ? s.nextToken : null, loading: false, error }));
        },
      );
    },
    [experimentId, filter, orderKey],
  );

  useEffect(() => {
    queryRef.current += 1;
    fetchPage(null, queryRef.current);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (busyRef.current || !state.nextToken || state.error) return;
    fetchPage(state.nextToken, queryRef.current);
  }, [fetchPage, state.nextToken, state.error]);

  // The key sets grow only when runs arrive, so the run list is the right memo key.
  const keys = useMemo(() => {
    const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
    return { metricKeys: sorted(state.keys.metrics), paramKeys: sorted(state.keys.params), tagKeys: sorted(state.keys.tags) };
  }, [state.runs, state.keys]);
  return {
    runs: state.runs,
    ...keys,
    hasMore: state.nextToken !== null,
    generation: state.generation,
    loading: state.loading,
    error: state.error,
    loadMore,
  };
}
