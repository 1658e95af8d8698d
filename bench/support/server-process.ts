import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the caller's working directory. */
export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  child: ChildProcess;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartServerOptions {
  /** Reuse a data folder (for restarts); a fresh temp folder otherwise. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}

/** Creates an empty temp folder for a server's SQLite file and artifacts. */
export function freshDataDir(prefix = 'cairn-bench-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Asks the kernel for a free loopback port; the tiny race until the server binds it is acceptable here. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * The arguments to `node` that run `cairn server`. CAIRN_BENCH_SERVER picks the build: unset or
 * `source` runs the TypeScript through tsx; `dist` the output of `npm run build`; any other value is
 * the path of a compiled cli/main.js (what bench/run-all.ts prepares).
 */
export function serverCommand(port: number): string[] {
  const serverArgs = ['server', '--port', String(port)];
  const choice = process.env['CAIRN_BENCH_SERVER'] ?? 'source';
  if (choice === 'source') return ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), ...serverArgs];
  const compiled = choice === 'dist' ? join(repoRoot, 'dist/cli/main.js') : choice;
  if (!existsSync(compiled)) throw new Error(`CAIRN_BENCH_SERVER: ${compiled} is missing (for dist, run \`npm run build\` first)`);
  return [compiled, ...serverArgs];
}

/** Starts `cairn server` as a child process on loopback and waits until /health answers. */
export async function startServerProcess(options: StartServerOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? freshDataDir();
  const port = await freePort();
  const logFd = openSync(join(dataDir, `server-${Date.now()}.log`), 'a');
  // Spawned as `node ...` directly so that pid is the server itself (RSS, SIGKILL), not a wrapper.
  const extraArgs = (process.env['CAIRN_BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...extraArgs, ...serverCommand(port)], {
    cwd: repoRoot,
    env: { ...process.env, CAIRN_DATA_DIR: dataDir, CAIRN_HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', logFd, logFd],
    detached: ownSession(),
  });
  closeSync(logFd);
  raisePriority(child.pid);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    port,
    pid: child.pid ?? -1,
    dataDir,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  await waitForHealth(server, options.readyTimeoutMs ?? 30_000);
  return server;
}

async function waitForHealth(server: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`cairn server exited early (code ${server.child.exitCode}); log in ${server.dataDir}`);
    }
    try {
      const response = await fetch(`${server.url}/health`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.kill();
  throw new Error(`cairn server did not answer /health within ${timeoutMs} ms; log in ${server.dataDir}`);
}

export interface MemorySample {
  /** Current resident set, bytes. */
  rss: number;
  /** Peak resident set since the process started, bytes. */
  hwm: number;
}

/** Reads VmRSS and VmHWM from /proc (Linux only). */
export function readMemory(pid: number): MemorySample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Samples VmRSS every `intervalMs` until stopped; returns the largest value seen and the final VmHWM. */
export function sampleMemory(pid: number, intervalMs = 100): { stop(): MemorySample } {
  let maxRss = 0;
  const take = (): void => {
    try {
      maxRss = Math.max(maxRss, readMemory(pid).rss);
    } catch {
      // process gone
    }
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      let hwm = maxRss;
      try {
        hwm = readMemory(pid).hwm;
      } catch {
        // process gone
      }
      return { rss: maxRss, hwm };
    },
  };
}

/** Removes a data folder made by freshDataDir. */
export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/** CPU time (user + system, all threads) the process has used so far, in ms; from /proc/<pid>/stat. */
export function readCpuMs(pid: number): number {
  const { user, system } = readCpuSplitMs(pid);
  return user + system;
}

export function readCpuSplitMs(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, in USER_HZ ticks (100 per second on Linux).
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/**
 * With CAIRN_BENCH_PRIORITY set (e.g. -10; negative values need root), benchmark processes start in a
 * session of their own and get that priority. Linux schedules sessions as groups ("autogroups"), and
 * a thread's nice value only counts inside its group, so the group's nice is what keeps other work
 * on a shared machine from skewing the figures.
 */
export const ownSession = (): boolean => (process.env['CAIRN_BENCH_PRIORITY'] ?? '') !== '';

export function raisePriority(pid: number | undefined): void {
  const wanted = process.env['CAIRN_BENCH_PRIORITY'];
  if (wanted === undefined || wanted === '' || pid === undefined) return;
  try {
    setPriority(pid, Number(wanted));
    writeFileSync(`/proc/${pid}/autogroup`, wanted);
  } catch {
    // not permitted or no autogroups: run at the normal priority
  }
}
