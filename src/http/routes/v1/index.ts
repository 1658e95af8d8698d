import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { invalidArgument } from '../../../domain/errors.js';
import { buildOpenApiDocument, openApiPath } from './openapi.js';
import { fastifyPath, type AnyRoute, type RouteContext } from './route.js';
import { nativeRoutes } from './route-table.js';

export interface NativeApiOptions {
  services: RouteContext;
  version: string;
}

/**
 * Cairn's own API (`/api/v1`): every route of the table, validated with its zod schemas, answering
 * errors as `{ error: { code, message } }` (the server's error handler) with the status of the one error table.
 */
export async function nativeApiRoutes(app: FastifyInstance, options: NativeApiOptions): Promise<void> {
  const byteBodies = nativeRoutes.filter((route) => route.requestMediaType !== undefined);
  for (const route of nativeRoutes) if (!byteBodies.includes(route)) addRoute(app, route, options.services);
  // Uploads take raw bytes of any declared type, streamed unread to the handler. A child scope keeps
  // the JSON parsing of every other route as it is.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const route of byteBodies) addRoute(raw, route, options.services);
  });

  let document: unknown;
  app.get(openApiPath, async () => (document ??= buildOpenApiDocument(nativeRoutes, options.version)));
}

function addRoute(app: FastifyInstance, route: AnyRoute, services: RouteContext): void {
  app.route({
    method: route.method,
    url: fastifyPath(route.path),
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    handler: async (request, reply) => {
      const input = {
        params: parse(route.params, request.params, 'path'),
        query: parse(route.query, request.query, 'query'),
        body: parse(route.body, request.body ?? {}, 'body'),
      };
      const result = await route.handler(input, services, { request, reply });
      if (route.kind === 'stream') return result;
      return reply.code(route.status ?? 200).send(result);
    },
  });
}

function parse(schema: z.ZodType | undefined, value: unknown, location: 'path' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidArgument(result.error.issues.map((issue) => `${location}${describePath(issue.path)}: ${describeIssue(issue)}`).join('; '));
}

/** `['tags', 0, 'key']` -> ` field 'tags[0].key'`, so the message names what to fix. */
function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '';
  const dotted = path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
  return ` field '${dotted}'`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // zod words a missing field as a type mismatch with `undefined`.
  return issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'required' : issue.message;
}
