import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalidArgument, limitExceeded } from '../../../domain/errors.js';
import type { ColumnTypeOverride } from '../../../domain/monitoring/column-inference.js';
import { referenceLimits, type ReferenceOptions } from '../../../domain/monitoring/reference-service.js';
import {
  monitorIdParamsSchema,
  monitorReferenceResponseSchema,
  referenceFileQuerySchema,
  referenceSourceBodySchema,
} from './reference-schemas.js';
import { jsonRoute, streamRoute, type AnyRoute } from './route.js';

/** Bytes of a JSON body (`{ source: ... }`): a few fields. */
const jsonBodyLimit = 64 * 1024;

/**
 * A monitor's reference (docs/monitoring.md, "Profiles and references"). The PUT body is either the
 * reference file itself (CSV, Parquet or JSON lines, at most 100 MiB) or JSON naming a source.
 */
export const referenceRoutes: AnyRoute[] = [
  streamRoute({
    method: 'PUT',
    path: '/monitors/{id}/reference',
    operationId: 'setMonitorReference',
    summary:
      "Set a monitor's reference: a file body (Content-Type text/csv, application/vnd.apache.parquet or application/x-ndjson; at most 100 MiB), or JSON { source: 'lineage' } or { source: 'predictions', from, to }",
    tag: 'deployments',
    params: monitorIdParamsSchema,
    query: referenceFileQuerySchema,
    requestMediaType: 'text/csv',
    response: monitorReferenceResponseSchema,
    handler: async ({ params, query }, { references }, { request, reply }) => {
      const contentType = String(request.headers['content-type'] ?? '');
      const columnTypes = parseColumnTypes(query.columnTypes);
      if (/^application\/json\b/i.test(contentType)) {
        const text = Buffer.from(await readBody(request, reply, jsonBodyLimit)).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw invalidArgument('body: not valid JSON');
        }
        const parsed = referenceSourceBodySchema.safeParse(json);
        if (!parsed.success) {
          throw invalidArgument(`body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'source'}: ${i.message}`).join('; ')} (send { "source": "lineage" }, { "source": "predictions", "from", "to" }, or the file itself)`);
        }
        const body = parsed.data;
        const options: ReferenceOptions = body.columnTypes ? { columnTypes: body.columnTypes } : columnTypes;
        const reference =
          body.source === 'lineage' ? await references.setFromLineage(params.id, options) : await references.setFromPredictions(params.id, body.from, body.to, options);
        return reply.code(200).send({ reference });
      }
      const bytes = await readBody(request, reply, referenceLimits.fileBytes);
      const reference = await references.setFromFile(
        params.id,
        { bytes, ...(contentType !== '' && !/^application\/octet-stream\b/i.test(contentType) ? { contentType } : {}), ...(query.name ? { name: query.name } : {}) },
        columnTypes,
      );
      return reply.code(200).send({ reference });
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/monitors/{id}/reference',
    operationId: 'getMonitorReference',
    summary: "A monitor's reference: where it came from and its profile",
    tag: 'deployments',
    params: monitorIdParamsSchema,
    response: monitorReferenceResponseSchema,
    handler: async ({ params }, { references }) => ({ reference: await references.show(params.id) }),
  }),
];

/** The body's bytes, refused past `limit` without reading the rest into memory. */
async function readBody(request: FastifyRequest, reply: FastifyReply, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length']);
  const refuse = (message: string) => {
    // The rest of the body stays unread: closing the connection after the answer discards it.
    reply.header('connection', 'close');
    return limitExceeded(message);
  };
  if (Number.isFinite(declared) && declared > limit) throw refuse(`Request body is ${declared} bytes; this endpoint takes at most ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw refuse(`Request body is larger than ${limit} bytes, the limit of this endpoint`);
    chunks.push(Buffer.from(chunk));
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function parseColumnTypes(text: string | undefined): ReferenceOptions {
  if (text === undefined || text.trim() === '') return {};
  const out: Record<string, ColumnTypeOverride> = {};
  for (const part of text.split(',')) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim();
    const type = part.slice(eq + 1).trim();
    if (eq <= 0 || name === '' || (type !== 'numerical' && type !== 'categorical' && type !== 'ignore')) {
      throw invalidArgument(`query field 'columnTypes': '${part}' is not col=numerical|categorical|ignore`);
    }
    out[name] = type;
  }
  return { columnTypes: out };
}
