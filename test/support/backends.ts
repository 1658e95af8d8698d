import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';

/** Every metadata backend; store and HTTP tests run each case once per entry. */
export const backends = ['sqlite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

let admin: Promise<pg.Client> | undefined;
let counter = 0;
// A worker process may evaluate this module more than once (one per test file), so the counter
// alone could repeat a name.
const moduleTag = randomBytes(3).toString('hex');

/**
 * A brand-new, empty database for one test: a SQLite file in its own folder, or a new database on
 * the run's Postgres server (see global-setup.ts). Callers open it with `openDatabase(url)`.
 */
export async function freshDatabaseUrl(backend: Backend): Promise<string> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(scratchDir(), 'db-'));
    return join(dir, 'cairn.db');
  }
  const baseUrl = inject('cairnPostgresUrl');
  const name = `${inject('cairnDatabasePrefix')}${moduleTag}_${++counter}`;
  const client = await adminClient(baseUrl);
  // template0 has no connections ever, so parallel workers never collide on the template lock.
  await client.query(`create database "${name}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function scratchDir(): string {
  try {
    return inject('cairnScratchDir') ?? tmpdir();
  } catch {
    return tmpdir();
  }
}

/** One admin connection per worker process: creating a database then costs one round trip. */
function adminClient(url: string): Promise<pg.Client> {
  admin ??= (async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Do not keep the worker alive, and forget a connection the server dropped.
    (client as unknown as { connection?: { stream?: { unref?(): void } } }).connection?.stream?.unref?.();
    client.on('error', () => {
      admin = undefined;
    });
    return client;
  })().catch((error: unknown) => {
    admin = undefined;
    throw error;
  });
  return admin;
}
