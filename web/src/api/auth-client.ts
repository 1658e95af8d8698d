import { apiErrorFrom } from './api-error.js';
import { apiFetch, v1Get } from './http.js';

/** Sign-in and "who am I" (native API, see docs/openapi.json). */

export interface SignedInUser {
  name: string;
  displayName: string;
  isAdmin: boolean;
}

export interface Membership {
  project: string;
  role: string;
}

export interface Me {
  user: SignedInUser;
  /** False when the server runs without authentication: everyone is the local admin. */
  authEnabled: boolean;
  memberships: Membership[];
}

export function getMe(signal?: AbortSignal): Promise<Me> {
  return v1Get<Me>('/auth/me', {}, signal);
}

/** Answers a session token; a wrong password throws (without announcing a sign-out). */
export async function login(username: string, password: string): Promise<{ token: string; user: SignedInUser }> {
  const response = await apiFetch(
    '/api/v1/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) },
    { quietUnauthorized: true },
  );
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as { token: string; user: SignedInUser };
}
