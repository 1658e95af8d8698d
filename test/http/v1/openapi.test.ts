import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../../src/http/routes/v1/openapi.js';
import { fastifyPath } from '../../../src/http/routes/v1/route.js';
import { nativeRoutes } from '../../../src/http/routes/v1/route-table.js';
import { cairnVersion } from '../../../src/version.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

type Json = Record<string, any>;

const document = buildOpenApiDocument(nativeRoutes, cairnVersion()) as Json;

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refsIn(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

/** Validates JSON against a component of the document, the way an OpenAPI tool would. */
function componentValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'cairn-openapi', components: document.components }, 'cairn-openapi');
  return (component: string, value: unknown) => {
    const validate = ajv.compile({ $ref: `cairn-openapi#/components/schemas/${component}` });
    return validate(value) ? [] : (validate.errors ?? []);
  };
}

describe('the OpenAPI document of the native API', () => {
  it('is OpenAPI 3.1 with one operation per route of the table', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of nativeRoutes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
    const operationIds = Object.values(document.paths as Json).flatMap((item: Json) => Object.values(item).map((op: Json) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
    expect(operationIds).toHaveLength(nativeRoutes.length + 1);
  });

  it('declares every path parameter of every path template', () => {
    for (const [path, item] of Object.entries(document.paths as Json)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(item as Json)) {
        const declared = (operation.parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
        expect(declared, path).toEqual(names);
      }
    }
  });

  it('resolves every $ref to a component, and every component is a valid JSON Schema', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = ref.replace('#/components/schemas/', '');
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[name], ref).toBeDefined();
    }
    const validate = componentValidator();
    for (const name of Object.keys(document.components.schemas)) expect(() => validate(name, {})).not.toThrow();
  });

  it('is committed in docs/openapi.json as generated (run `npm run gen:openapi` after changing a route)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(committed === renderOpenApiDocument(nativeRoutes, cairnVersion()), 'docs/openapi.json is stale: run `npm run gen:openapi`').toBe(true);
  });
});

describe('the served OpenAPI document', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
  });
  afterAll(() => server.close());

  it('is the generated document, and the server registers every route it lists', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(document);
    for (const route of nativeRoutes) {
      expect(server.app.server.hasRoute({ method: route.method, url: `/api/v1${fastifyPath(route.path)}` }), `${route.method} ${route.path}`).toBe(true);
    }
  });

  it('describes what the server really answers', async () => {
    const validate = componentValidator();
    const post = async (path: string, body: unknown): Promise<Json> =>
      (await (await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Json;

    const created = await post('/runs', { tags: [{ key: 'team', value: 'risk' }] });
    expect(validate('RunEnvelope', created)).toEqual([]);
    const runId: string = created.run.info.runId;
    await post(`/runs/${runId}/batch`, { metrics: [{ key: 'loss', value: 'NaN', timestamp: 1 }, { key: 'acc', value: 0.5, timestamp: 1, step: 2 }] });
    const run = (await (await fetch(`${server.url}/api/v1/runs/${runId}`)).json()) as Json;
    expect(validate('RunEnvelope', run)).toEqual([]);
    const missing = await (await fetch(`${server.url}/api/v1/runs/ffffffffffffffffffffffffffffffff`)).json();
    expect(validate('Error', missing)).toEqual([]);
    expect(validate('RunEnvelope', { run: { ...run.run, info: { ...run.run.info, status: 'DONE' } } })).not.toEqual([]);
  });
});
