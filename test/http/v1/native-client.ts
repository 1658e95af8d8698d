import { expect } from 'vitest';
import { nativeRoutes } from '../../../src/http/routes/v1/route-table.js';
import { errorBodySchema } from '../../../src/http/routes/v1/schemas.js';

export interface Answer {
  status: number;
  body: any;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Raw request text, sent as is with the JSON content type (malformed-input tests). */
  rawBody?: string;
  /** Extra request headers (credentials). */
  headers?: Record<string, string>;
}

/**
 * Calls a native route by its operationId, building the URL from the route table, and checks the
 * answer against the route's own response schema (or the error schema), so every test is also a
 * contract test of the OpenAPI document.
 */
export function nativeApi(baseUrl: string) {
  return async function call(operationId: string, options: CallOptions = {}): Promise<Answer> {
    const route = nativeRoutes.find((r) => r.operationId === operationId);
    if (!route) throw new Error(`no route ${operationId}`);
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(options.params?.[name] ?? ''));
    const url = new URL(`${baseUrl}/api/v1${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, item);
    }
    const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(url, {
      method: route.method,
      headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      ...(payload === undefined ? {} : { body: payload }),
    });
    const body: unknown = await response.json();
    if (response.ok) {
      const parsed = route.response?.safeParse(body);
      expect(parsed?.success, `answer of ${operationId} matches its schema: ${JSON.stringify(parsed?.error?.issues)}`).toBe(true);
      expect(response.status).toBe(route.status ?? 200);
    } else {
      expect(errorBodySchema.safeParse(body).success, `error body of ${operationId}: ${JSON.stringify(body)}`).toBe(true);
    }
    return { status: response.status, body };
  };
}

export type NativeApi = ReturnType<typeof nativeApi>;
