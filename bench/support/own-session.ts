import { spawn } from 'node:child_process';
import { ownSession, raisePriority } from './server-process.js';

/**
 * With CAIRN_BENCH_PRIORITY set, runs this very script again in a session of its own at that priority
 * (see raisePriority) and exits with its code, so that the bench process's own measurements (the raw
 * SQLite baselines, latency timing) get the same scheduling as the server it measures. Returns only
 * in the process that should do the work.
 */
export async function reenterOwnSession(): Promise<void> {
  if (!ownSession() || process.env['CAIRN_BENCH_IN_SESSION'] === '1') return;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, CAIRN_BENCH_IN_SESSION: '1' },
  });
  raisePriority(child.pid);
  // A detached child is out of reach of the terminal's Ctrl-C; pass signals on.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
  process.exit(code);
}
