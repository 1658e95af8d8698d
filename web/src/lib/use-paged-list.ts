import { useEffect, useState } from 'react';
import type { Page } from '../api/tracking-model.js';

/**
 * A list loaded page by page from `fetchPage`: `loadMore` appends the next page. A change of `key`
 * (whatever the fetch depends on) starts the list afresh after `delayMs` and cancels the older load.
 */
export function usePagedList<T>(fetchPage: (pageToken: string | null, signal?: AbortSignal) => Promise<Page<T>>, key: string, delayMs = 0) {
  const [items, setItems] = useState<T[]>([]);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = async (pageToken: string | null, signal?: AbortSignal) => {
    setLoading(true);
    try {
      const page = await fetchPage(pageToken, signal);
      if (signal?.aborted) return;
      setItems((previous) => (pageToken ? [...previous, ...page.items] : page.items));
      setNextToken(page.nextPageToken);
      setError(null);
    } catch (e) {
      if (!signal?.aborted) setError(e);
    } finally {
      if (!signal?.aborted) setLoading(false);
    }
  };

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => void load(null, controller.signal), delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key]);

  return { items, nextToken, loading, error, loadMore: () => void load(nextToken) };
}
