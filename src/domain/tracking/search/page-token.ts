import { invalidArgument } from '../../errors.js';

/**
 * Page tokens are opaque to clients: base64url of `{"offset": N, "query": <hash>}`. `query` is any
 * JSON value describing the search (filter, order, experiment ids, view type: not offset or
 * limit); its hash ties a token to that search, so a token replayed with another filter or order
 * is refused instead of silently skipping or repeating rows.
 */
export function encodePageToken(offset: number, query: unknown): string {
  const json = JSON.stringify({ offset, query: fingerprint(query) });
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The offset a token stands for; 0 when there is no token (the first page). */
export function decodePageToken(token: string | undefined, query: unknown): number {
  if (token === undefined || token === '') return 0;
  const parsed = parseToken(token);
  if (parsed === undefined) throw invalidArgument(`Invalid page_token '${token}': it is not a token this server issued`);
  if (parsed.query !== fingerprint(query)) {
    throw invalidArgument(
      'Invalid page_token: it belongs to a different search (the filter, order_by, experiment ids or view type changed); start again without a page_token',
    );
  }
  return parsed.offset;
}

function parseToken(token: string): { offset: number; query: string } | undefined {
  try {
    const base64 = token.replaceAll('-', '+').replaceAll('_', '/');
    const value: unknown = JSON.parse(atob(base64));
    if (typeof value !== 'object' || value === null) return undefined;
    const { offset, query } = value as Record<string, unknown>;
    if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0 || typeof query !== 'string') return undefined;
    return { offset, query };
  } catch {
    return undefined;
  }
}

/** Two FNV-1a style 32-bit lanes: enough to tell queries apart; tokens are not a security boundary. */
function fingerprint(query: unknown): string {
  const text = JSON.stringify(query) ?? '';
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
