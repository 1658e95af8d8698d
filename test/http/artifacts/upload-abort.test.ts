import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { createRunArtifactRoot, rawRequest } from './raw-http.js';

describe('an upload cut off by the client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('leaves no file, no index entry and no temp file behind', async () => {
    const run = await createRunArtifactRoot(server.url);
    const path = `/api/2.0/mlflow-artifacts/artifacts/${run.root}/cut/model.bin`;
    const { hostname, port } = new URL(server.url);
    const temp = join(server.app.config.artifacts, 'tmp');
    const socket = connect(Number(port), hostname);
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', resolve);
      socket.on('error', reject);
    });
    socket.write(`PUT ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${20 * 1024 * 1024}\r\n\r\n`);
    // A quarter of the promised body; once the server is writing it to a temp file, the connection drops.
    socket.write(randomBytes(5 * 1024 * 1024));
    await vi.waitFor(async () => expect(await readdir(temp)).toHaveLength(1), { timeout: 10_000 });
    socket.destroy();

    await vi.waitFor(async () => expect(await readdir(temp)).toEqual([]), { timeout: 10_000 });
    expect((await rawRequest(server.url, 'GET', path)).status).toBe(404);
    const listing = await rawRequest(server.url, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(run.root)}`);
    expect(JSON.parse(listing.body.toString()).files ?? []).toEqual([]);
  });
});
