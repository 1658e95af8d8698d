#!/usr/bin/env node
// Runs the compiled CLI when `npm run build` has produced it and it is current (fast start, no
// compiler at run time); otherwise compiles the TypeScript sources on the fly with tsx, so a fresh
// checkout works with no build step and a build older than the sources is never run by mistake.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const sources = fileURLToPath(new URL('../src', import.meta.url));

function newestChange(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

const buildIsCurrent = existsSync(compiled) && (!existsSync(sources) || statSync(compiled).mtimeMs >= newestChange(sources));
if (buildIsCurrent) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
