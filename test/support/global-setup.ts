import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Once per `vitest run`: starts a throwaway Postgres 15 server (unless CAIRN_TEST_DATABASE_URL names
 * one) and a scratch folder for SQLite files, and hands both to the test workers via `inject`.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the test Postgres server; tests create their own databases on it. */
    cairnPostgresUrl: string;
    /** Prefix of every database this run creates, so teardown can drop them on a shared server. */
    cairnDatabasePrefix: string;
    /** Folder under which tests put their SQLite files; removed at teardown. */
    cairnScratchDir: string;
  }
}

const execFileAsync = promisify(execFile);
const pgBin = process.env.CAIRN_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = `cairn_t_${randomBytes(4).toString('hex')}_`;
  // /tmp rather than a root-only TMPDIR, because the postgres user must reach the folder.
  const scratch = mkdtempSync(join(isRoot() ? '/tmp' : tmpdir(), 'cairn-test-'));
  const external = process.env.CAIRN_TEST_DATABASE_URL;
  let server: LocalPostgres | undefined;
  try {
    if (!external) server = await startPostgres(scratch);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  const url = external ?? server!.url;
  project.provide('cairnPostgresUrl', url);
  project.provide('cairnDatabasePrefix', prefix);
  project.provide('cairnScratchDir', scratch);

  return async () => {
    if (server) await server.stop();
    else await dropDatabases(url, prefix).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
}

interface LocalPostgres {
  url: string;
  stop(): Promise<void>;
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

async function startPostgres(scratch: string): Promise<LocalPostgres> {
  const initdb = join(pgBin, 'initdb');
  if (!existsSync(initdb)) {
    throw new Error(`no Postgres at ${pgBin}: install postgresql-15, or set CAIRN_TEST_DATABASE_URL`);
  }
  const dataDir = join(scratch, 'pg');
  // Postgres refuses to run as root; as root we hand the folder to the `postgres` OS user.
  const owner = isRoot() ? await postgresUser() : undefined;
  if (owner) chownSync(scratch, owner.uid, owner.gid);
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};

  await execFileAsync(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--locale=C', '-E', 'UTF8', '--no-sync'], {
    ...as,
    cwd: scratch,
    env: { ...process.env, LC_ALL: 'C' },
  });

  // A few attempts in case another process takes the free port between probing and binding.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      join(pgBin, 'postgres'),
      [
        '-D', dataDir,
        '-p', String(port),
        '-k', scratch,
        '-c', 'listen_addresses=127.0.0.1',
        // Durability is pointless for a throwaway server and costs most of the test time.
        '-c', 'fsync=off',
        '-c', 'synchronous_commit=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=300',
        '-c', 'shared_buffers=64MB',
      ],
      { ...as, cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
    );
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (log.length < 20_000) log += chunk.toString();
    });
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // If the run dies without its teardown, do not leave the server behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    try {
      await waitUntilReady(url, child, () => log);
      return {
        url,
        stop: async () => {
          process.off('exit', killOnExit);
          await stopProcess(child);
        },
      };
    } catch (error) {
      lastError = error;
      process.off('exit', killOnExit);
      await stopProcess(child);
    }
  }
  throw lastError;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const { stdout: uid } = await execFileAsync('id', ['-u', 'postgres']);
    const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    throw new Error('running as root needs the `postgres` OS user (Debian package postgresql) or CAIRN_TEST_DATABASE_URL');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error(`test Postgres exited during startup:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`test Postgres did not start within 30s: ${String(error)}\n${log()}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGINT is Postgres' "fast shutdown": it ends sessions and exits without waiting for clients. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}

async function dropDatabases(url: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
