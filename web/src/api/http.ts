import { apiErrorFrom } from './api-error.js';

/**
 * Every request of the UI goes through `apiFetch`: it sends the signed-in user's token as Bearer,
 * and a 401 tells the app (through an event, so the API modules stay free of React) to show the
 * sign-in page.
 */

export const tokenStorageKey = 'cairn.token';
export const unauthorizedEvent = 'cairn:unauthorized';

export function storedToken(): string | null {
  try {
    return window.localStorage.getItem(tokenStorageKey);
  } catch {
    // Storage can be disabled (privacy modes); then nobody stays signed in across reloads.
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) window.localStorage.removeItem(tokenStorageKey);
    else window.localStorage.setItem(tokenStorageKey, token);
  } catch {
    // See storedToken.
  }
}

export async function apiFetch(url: string, init: RequestInit = {}, options: { quietUnauthorized?: boolean } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = storedToken();
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  // Tells the server to leave out the Basic challenge on a 401, which would pop up the browser's own password dialog.
  headers.set('x-requested-with', 'XMLHttpRequest');
  const response = await fetch(url, { ...init, headers });
  if (response.status === 401 && !options.quietUnauthorized) window.dispatchEvent(new Event(unauthorizedEvent));
  return response;
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Percent-encodes one path segment of the native API (project, model, user names). */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}

const v1 = '/api/v1';

export async function v1Get<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
  const response = await apiFetch(withQuery(`${v1}${path}`, query), { signal: signal ?? null });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as T;
}

export async function v1Send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await apiFetch(`${v1}${path}`, init);
  if (!response.ok) throw await apiErrorFrom(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}
