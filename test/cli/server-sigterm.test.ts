import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForLine } from '../support/child-lines.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('cairn server shutdown', () => {
  let child: ChildProcess | undefined;
  let dataDir: string | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the request in flight, refuses new connections and exits 0', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-sigterm-'));
    child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const listening = await waitForLine(child, /Cairn listening on/);
    const url = new URL((JSON.parse(listening) as { url: string }).url);

    const created = await fetch(`${url.origin}/api/2.0/mlflow/runs/create`, { method: 'POST', body: '{}', headers: { connection: 'close' } });
    const runId = ((await created.json()) as { run: { info: { run_id: string } } }).run.info.run_id;

    // Start a request and hold back the end of its body, so it is in flight when SIGTERM arrives.
    const body = JSON.stringify({ run_id: runId, key: 'inflight', value: 1, timestamp: 1, step: 0 });
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let response = '';
    socket.on('data', (chunk) => (response += chunk.toString('utf8')));
    const responded = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    // `Expect: 100-continue` makes the server confirm it has read the headers, so SIGTERM cannot
    // overtake them on a busy machine.
    const headersRead = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(
      `POST /api/2.0/mlflow/runs/log-metric HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n${body.slice(0, 10)}`,
    );
    await headersRead;
    expect(response).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);

    const shuttingDown = waitForLine(child, /shutting down/);
    child.kill('SIGTERM');
    await shuttingDown;
    // Closing the listener takes a moment after the log line; wait (bounded) until it refuses.
    let refused = false;
    for (let attempt = 0; attempt < 200 && !refused; attempt += 1) {
      refused = await fetch(`${url.origin}/health`, { headers: { connection: 'close' } }).then(
        (r) => r.status === 503,
        () => true,
      );
      if (!refused) await new Promise((r) => setTimeout(r, 25));
    }
    expect(refused).toBe(true);

    socket.write(body.slice(10));
    await responded;
    expect(response.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '')).toMatch(/^HTTP\/1\.1 200 /);
    expect(response.endsWith('{}')).toBe(true);
    expect(await exited).toBe(0);
  });
});
