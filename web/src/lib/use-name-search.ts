import { useEffect, useState } from 'react';
import type { Page } from '../api/tracking-model.js';

type PageFetcher<T> = (options: { filter: string; pageToken: string | null }, signal?: AbortSignal) => Promise<Page<T>>;

/** The grammar has no escape for quotes inside a string, so a quote in the search text is dropped. */
function nameFilter(text: string): string {
  const trimmed = text.trim().replaceAll("'", '');
  return trimmed ? `name ILIKE '%${trimmed}%'` : '';
}

/**
 * A list searched by name as the user types, loaded page by page: `loadMore` appends the next page.
 * Typing waits for a short pause before asking the server, and a newer search cancels an older one.
 */
export function useNameSearch<T>(fetchPage: PageFetcher<T>, scope = '') {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<T[]>([]);
  const [nextToken, setNextToken] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = async (pageToken: string | null, signal?: AbortSignal) => {
    setLoading(true);
    try {
      const page = await fetchPage({ filter: nameFilter(query), pageToken }, signal);
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
    const timer = setTimeout(() => void load(null, controller.signal), query ? 250 : 0);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // `scope` names what else `fetchPage` filters by (a project): a change starts the list afresh.
  }, [query, scope]);

  return { query, setQuery, items, nextToken, loading, error, loadMore: () => void load(nextToken) };
}
