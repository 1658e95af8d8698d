import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server-process.js';

/**
 * Transpiles src/ file by file (no bundling) into .tmp/bench-server/, the same JavaScript that tsx
 * would run, and returns the CLI entry. Benchmarking plain JavaScript keeps tsx's loader thread
 * (about 60 MB of RSS) out of the memory figures, as in production where `npm run build` output runs,
 * without touching dist/ and in about a second, so the figures always match the current source.
 * esbuild comes with tsx and vite; without it, the server runs through tsx (`source`).
 */
export async function buildServerForBench(): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    return 'source';
  }
  const outdir = join(repoRoot, '.tmp/bench-server');
  rmSync(outdir, { recursive: true, force: true });
  const src = join(repoRoot, 'src');
  const entryPoints = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(src, file));
  await esbuild.build({ entryPoints, outdir, outbase: src, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'error' });
  return join(outdir, 'cli/main.js');
}
