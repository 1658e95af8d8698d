import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webUiRoutes } from '../../src/http/routes/web-ui.js';
import { startTestServer } from '../support/test-server.js';

// A stand-in build, so these tests neither need nor race with the real Vite build.
const indexHtml = '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b.js"></script></body></html>';

describe('web UI routes', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'cairn-web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), indexHtml);
    writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log("ui")');
    app = Fastify();
    await app.register(webUiRoutes, { distDir: dist });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers index.html, never cached, for the root and for deep client-side links', async () => {
    for (const url of ['/', '/experiments/7', '/experiments/7/runs/abc', '/compare?runs=a,b', '/models', '/models/churn%20model', '/approvals', '/approvals/7', '/audit?actor=alice', '/admin', '/admin/projects/default']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(indexHtml);
    }
  });

  it('serves hashed assets with long-lived caching and 404s unknown ones', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ method: 'GET', url: '/assets/no-such-file.js' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/..%2findex.html' })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('shows a build hint at / when the UI has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'cairn-no-ui-'));
    const bare = Fastify();
    try {
      await bare.register(webUiRoutes, { distDir: empty });
      const response = await bare.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('npm run build:web');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('leaves unknown API paths of the real server to the API 404 answers', async () => {
    const server = await startTestServer({ backend: 'sqlite' });
    try {
      const response = await fetch(`${server.url}/api/2.0/mlflow/no-such-endpoint`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
      expect((await fetch(`${server.url}/experiments/1`)).headers.get('content-type')).toContain('text/html');
    } finally {
      await server.close();
    }
  });
});
