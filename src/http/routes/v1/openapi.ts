import { z } from 'zod';
import type { AnyRoute, RouteTag } from './route.js';
import { requestComponents, responseComponents } from './schemas.js';

type JsonSchema = Record<string, unknown>;

/** Where the document itself is served, relative to the API prefix. */
export const openApiPath = '/openapi.json';
export const apiPrefix = '/api/v1';

const componentUri = (id: string): string => `#/components/schemas/${id}`;

const tagDescriptions: Record<RouteTag, string> = {
  access: 'Signing in, projects and their members, users and API tokens.',
  experiments: 'Experiments group runs; deleting one is soft and can be undone.',
  runs: 'Runs record params, metrics, tags and dataset inputs of one training or evaluation.',
  artifacts: 'Files a run produced, stored beside its metadata.',
  models: 'Registered models, their versions and aliases, and where each version came from.',
  webhooks: 'Signed HTTP POSTs of a project\'s registry and approval events, retried with backoff, with every delivery visible.',
  governance: 'Promotion requests with their evidence, approvals, and the policies per project and risk tier that judge them.',
  audit: 'Every state change as a hash-chained event: who, what, when, which request; and a check of the whole chain.',
  deployments: 'Named endpoints that serve model versions: traffic weights or a followed alias, shadows, batching and logging, kept as revisions.',
};

/** Drops the keys that only make sense in a standalone JSON Schema document. */
function embeddable(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function components(): Record<string, JsonSchema> {
  // Requests are described in their input form (defaults make fields optional), responses in their output form.
  const requests = z.toJSONSchema(requestComponents, { uri: componentUri, io: 'input' }).schemas;
  const responses = z.toJSONSchema(responseComponents, { uri: componentUri, io: 'output' }).schemas;
  const all: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries({ ...requests, ...responses }).sort(([a], [b]) => a.localeCompare(b))) {
    all[id] = embeddable(schema as JsonSchema);
  }
  return all;
}

function schemaRef(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const registry = io === 'input' ? requestComponents : responseComponents;
  const id = registry.get(schema)?.id;
  return id ? { $ref: componentUri(id) } : embeddable(z.toJSONSchema(schema, { io }) as JsonSchema);
}

/** Path and query parameters, one entry per property of the route's params/query object schema. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input' }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
    };
  });
}

const errorResponse = {
  description: 'An error: `{ error: { code, message } }`; the status follows the code (see the error catalogue)',
  content: { 'application/json': { schema: { $ref: componentUri('Error') } } },
};

function operation(route: AnyRoute): JsonSchema {
  const success = route.mediaType
    ? { description: 'The file content', content: { [route.mediaType]: { schema: { type: 'string', contentMediaType: route.mediaType } } } }
    : { description: 'Success', content: { 'application/json': { schema: schemaRef(route.response ?? z.object({}), 'output') } } };
  const params = [...parameters(route.params, 'path'), ...parameters(route.query, 'query')];
  const requestBody = route.requestMediaType
    ? { required: true, content: { [route.requestMediaType]: { schema: { type: 'string', contentMediaType: route.requestMediaType } } } }
    : route.body
      ? { required: true, content: { 'application/json': { schema: schemaRef(route.body, 'input') } } }
      : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(route.status ?? 200)]: success, default: errorResponse },
  };
}

/**
 * The OpenAPI 3.1 document of the native API, built from the same route table and zod schemas that
 * register and validate the routes, so the two cannot disagree.
 */
export function buildOpenApiDocument(routes: readonly AnyRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase()] = operation(route);
  }
  paths[openApiPath] = {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      tags: ['meta'],
      responses: { '200': { description: 'The OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Cairn API',
      version,
      description: "Cairn's native API. Bodies and answers are JSON in camelCase; times are Unix epoch milliseconds.",
    },
    servers: [{ url: apiPrefix }],
    tags: [
      ...Object.entries(tagDescriptions).map(([name, description]) => ({ name, description })),
      { name: 'meta', description: 'About the API itself.' },
    ],
    paths,
    components: { schemas: components() },
  };
}

/** The document as committed in `docs/openapi.json` (`npm run gen:openapi`): stable key order, two-space indent. */
export function renderOpenApiDocument(routes: readonly AnyRoute[], version: string): string {
  return `${JSON.stringify(buildOpenApiDocument(routes, version), null, 2)}\n`;
}
