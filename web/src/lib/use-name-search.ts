import { useState } from 'react';
import type { Page } from '../api/tracking-model.js';
import { usePagedList } from './use-paged-list.js';

type PageFetcher<T> = (options: { filter: string; pageToken: string | null }, signal?: AbortSignal) => Promise<Page<T>>;

/** The grammar has no escape for quotes inside a string, so a quote in the search text is dropped. */
function nameFilter(text: string): string {
  const trimmed = text.trim().replaceAll("'", '');
  return trimmed ? `name ILIKE '%${trimmed}%'` : '';
}

/**
 * A list searched by name as the user types, loaded page by page: `loadMore` appends the next page.
 * Typing waits for a short pause before asking the server, and a newer search cancels an older one.
 * `scope` names what else `fetchPage` filters by (a project): a change starts the list afresh.
 */
export function useNameSearch<T>(fetchPage: PageFetcher<T>, scope = '') {
  const [query, setQuery] = useState('');
  const list = usePagedList((pageToken, signal) => fetchPage({ filter: nameFilter(query), pageToken }, signal), JSON.stringify([query, scope]), query ? 250 : 0);
  return { query, setQuery, ...list };
}
