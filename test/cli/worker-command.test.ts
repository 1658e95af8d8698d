import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runCli } from './run-cli.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('cairn worker and the monitors setting', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('describes the worker and its optional health port', async () => {
    const result = await runCli(['worker', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('background work');
    for (const flag of ['--database-url', '--artifacts', '--data-dir', '--log-level', '--health-port']) expect(result.stdout).toContain(flag);
  });

  it('lets `cairn server --no-monitors` leave schedules to workers', async () => {
    const result = await runCli(['server', '--help']);
    expect(result.stdout).toContain('--no-monitors');
  });

  it('reads CAIRN_MONITORS (default on)', () => {
    expect(loadConfig({}).monitors).toBe(true);
    expect(loadConfig({ CAIRN_MONITORS: 'false' }).monitors).toBe(false);
    expect(loadConfig({ CAIRN_MONITORS: '0' }, {}).monitors).toBe(false);
    expect(() => loadConfig({ CAIRN_MONITORS: 'sometimes' })).toThrow(/CAIRN_MONITORS/);
  });

  it('refuses a health port that is not a port number', async () => {
    const result = await runCli(['worker', '--health-port', 'http', '--database-url', '/nonexistent/dir/cairn.db']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--health-port');
  });

  it('answers only /health on its health port and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-worker-'));
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'worker', '--health-port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const found = buffered.split('\n').find((l) => l.includes('Cairn worker health on'));
        if (found) resolve(found);
      });
      child!.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
    });
    const url = (JSON.parse(line) as { url: string }).url;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/api/v1/experiments`)).status).toBe(404);
    expect((await fetch(`${url}/v2/health/ready`)).status).toBe(404);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
