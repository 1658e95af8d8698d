import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const webDir = join(root, 'web');
const builtIndex = join(webDir, 'dist', 'index.html');

function newestSourceTime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestSourceTime(join(path, name))));
}

/**
 * Builds the UI unless web/dist is newer than every source file. `npm test` builds first, so this
 * is usually a no-op; it keeps `npx vitest run test/e2e` honest after an edit to web/.
 */
export function ensureWebBuild(): void {
  if (existsSync(builtIndex)) {
    const sources = [join(webDir, 'src'), join(webDir, 'index.html'), join(webDir, 'vite.config.ts')];
    const builtAt = statSync(builtIndex).mtimeMs;
    if (Math.max(...sources.map(newestSourceTime)) <= builtAt) return;
  }
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`web UI build failed:\n${result.stdout}\n${result.stderr}`);
}
