import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebUiOptions {
  /** The Vite build output; defaults to `web/dist` of the Cairn package. */
  distDir?: string;
}

/**
 * Top-level path segments that belong to the UI's client-side router. Only these fall back to
 * index.html: a catch-all `/*` would shadow the API plugins' own 404 answers (`/api/...`,
 * `/v2/...`), so a new UI section adds its segment here.
 */
export const clientRouteSegments = ['experiments', 'compare', 'models', 'deployments', 'predictions', 'approvals', 'audit', 'admin'] as const;

/** The package root, found by walking up: this file runs from `src/` (tsx) and from `dist/src/`. */
function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'cairn') return folder;
    } catch {
      // No package.json here; keep walking up.
    }
    folder = dirname(folder);
  }
  return process.cwd();
}

export function defaultWebDistDir(): string {
  return join(packageRoot(), 'web', 'dist');
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cairn</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
code{background:#f1f3f5;padding:.1rem .35rem;border-radius:4px}</style></head>
<body><h1>Cairn is running, but its web UI is not built</h1>
<p>The API works (for example <code>/api/2.0/mlflow/...</code> and <code>/health</code>). To get the UI, build it once
from the Cairn folder and restart the server:</p>
<p><code>npm run build:web</code></p></body></html>
`;

/**
 * Serves the React UI from `web/dist`: hashed assets under `/assets/` with long-lived caching, and
 * index.html (never cached) for `/` and every client-side route. Both are looked up per request, so
 * building the UI while the server runs needs no restart.
 */
export async function webUiRoutes(app: FastifyInstance, options: WebUiOptions = {}): Promise<void> {
  const distDir = options.distDir ?? defaultWebDistDir();
  const indexFile = join(distDir, 'index.html');

  await app.register(fastifyStatic, {
    root: join(distDir, 'assets'),
    prefix: '/assets/',
    // The folder is missing until the first build; the index routes below explain that.
    suppressWarning: true,
    // Another plugin may register @fastify/static too; our routes do not need reply.sendFile.
    decorateReply: false,
    index: false,
    // Vite puts a content hash in every asset name, so a cached copy can never be stale.
    immutable: true,
    maxAge: '365d',
  });

  const sendIndex = async (_request: unknown, reply: FastifyReply) => {
    if (!existsSync(indexFile)) return reply.type('text/html; charset=utf-8').send(notBuiltPage);
    // Small, and read per request so that a rebuild shows at once.
    const html = await readFile(indexFile, 'utf8');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  const clientRoutes = ['/', '/index.html', ...clientRouteSegments.flatMap((segment) => [`/${segment}`, `/${segment}/*`])];
  for (const url of clientRoutes) app.get(url, sendIndex);
}
