/**
 * Writes docs/openapi.json from the native API's route table and zod schemas, so the committed
 * document can never drift from what the server validates. `--check` exits 1 when it is out of date.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from '../src/http/routes/v1/openapi.js';
import { nativeRoutes } from '../src/http/routes/v1/route-table.js';
import { cairnVersion } from '../src/version.js';

export const openApiDocumentFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'openapi.json');

const text = renderOpenApiDocument(nativeRoutes, cairnVersion());
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(openApiDocumentFile, 'utf8');
  } catch {
    // Missing counts as out of date.
  }
  if (current !== text) {
    process.stderr.write('docs/openapi.json is out of date; run `npm run gen:openapi`\n');
    process.exit(1);
  }
} else {
  mkdirSync(dirname(openApiDocumentFile), { recursive: true });
  writeFileSync(openApiDocumentFile, text);
}
