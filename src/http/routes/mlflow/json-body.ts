import type { FastifyInstance } from 'fastify';
import { invalidArgument } from '../../../domain/errors.js';

/**
 * Within `server`'s scope, reads every request body as JSON whatever its Content-Type (as MLflow's
 * server does; curl and some clients send none or a form type), on DELETE too. An empty body is `{}`.
 * Malformed JSON and non-object bodies are INVALID_ARGUMENT, never a 500.
 */
export function acceptJsonBodies(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, {});
    let value: unknown;
    try {
      value = parseJsonWithNonFinite(text);
    } catch (error) {
      return done(invalidArgument(`Malformed JSON in request body: ${(error as Error).message}`), undefined);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return done(invalidArgument('Request body must be a JSON object'), undefined);
    done(null, value);
  });
}

/**
 * JSON.parse, plus the bare `NaN`, `Infinity` and `-Infinity` tokens that Python's json module
 * writes (MLflow's own server reads them). Only a body that fails strict parsing pays for the rewrite.
 */
export function parseJsonWithNonFinite(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const rewritten = quoteNonFiniteTokens(text);
    if (rewritten === text) throw error;
    return JSON.parse(rewritten);
  }
}

/** Quotes NaN / Infinity / -Infinity that stand outside strings; string contents are left alone. */
function quoteNonFiniteTokens(text: string): string {
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      continue;
    }
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(from, i)}"${token}"`;
        i += token.length - 1;
        from = i + 1;
        break;
      }
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
