import type { FastifyRequest } from 'fastify';

/**
 * The request's fields: the JSON body, or the query parameters when the body is absent or empty
 * (GET, and a DELETE or POST sent without a body, which is a safe extra over MLflow).
 */
export function requestFields(request: FastifyRequest): unknown {
  const body = request.body as Record<string, unknown> | undefined;
  if (body !== undefined && body !== null) {
    for (const _ in body) return body;
  }
  return request.query;
}
