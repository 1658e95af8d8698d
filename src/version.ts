import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Cairn's version from package.json. Looked up by walking up from this file, because the file sits
 * at different depths when run from `src/` (tsx) and from `dist/` (compiled).
 */
export function cairnVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth += 1) {
    try {
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cairn' && pkg.version) return pkg.version;
    } catch {
      // No package.json here; keep walking up.
    }
    folder = dirname(folder);
  }
  return '0.0.0';
}
