import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('SDK artifacts', () => {
  let server: TestServer;
  let client: CairnClient;
  let scratch: string;

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: server.url });
    scratch = mkdtempSync(join(tmpdir(), 'cairn-sdk-artifacts-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  function localModel(): string {
    const dir = join(scratch, `model-${Math.random().toString(36).slice(2)}`);
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'MLmodel'), 'flavors: {}\n');
    writeFileSync(join(dir, 'data', 'weights.bin'), Buffer.alloc(70_000, 7));
    return dir;
  }

  it('uploads a folder, lists it, walks it and downloads it back unchanged', async () => {
    const { info } = await client.runs.create();
    const uploaded = await client.artifacts.upload(info.runId, localModel(), 'model');
    expect(uploaded.map((f) => f.path)).toEqual(['model/MLmodel', 'model/data/weights.bin']);

    const root = await client.artifacts.list(info.runId);
    expect(root.files).toEqual([{ path: 'model', isDir: true }]);
    const walked = [];
    for await (const file of client.artifacts.walk(info.runId)) walked.push(file);
    expect(walked).toEqual([
      { path: 'model/MLmodel', isDir: false, fileSize: 12 },
      { path: 'model/data/weights.bin', isDir: false, fileSize: 70_000 },
    ]);

    const destination = join(scratch, 'download-folder');
    const local = await client.artifacts.download(info.runId, 'model', destination);
    expect(local).toBe(join(destination, 'model'));
    expect(readFileSync(join(local, 'MLmodel'), 'utf8')).toBe('flavors: {}\n');
    expect(readFileSync(join(local, 'data', 'weights.bin')).equals(Buffer.alloc(70_000, 7))).toBe(true);
    expect(readdirSync(join(local, 'data'))).toEqual(['weights.bin']);
  });

  it('uploads a single file under a folder and downloads just that file', async () => {
    const { info } = await client.runs.create();
    const file = join(scratch, 'roc.txt');
    writeFileSync(file, 'auc=0.91\n');
    expect(await client.artifacts.upload(info.runId, file, 'figures')).toEqual([{ path: 'figures/roc.txt', isDir: false, fileSize: 9 }]);
    const local = await client.artifacts.download(info.runId, 'figures/roc.txt', join(scratch, 'single'));
    expect(readFileSync(local, 'utf8')).toBe('auc=0.91\n');

    const { stream, size } = await client.artifacts.open(info.runId, 'figures/roc.txt');
    expect(size).toBe(9);
    expect(await new Response(stream).text()).toBe('auc=0.91\n');
  });

  it('fails with NOT_FOUND for a missing artifact and leaves no partial file', async () => {
    const { info } = await client.runs.create();
    const destination = join(scratch, 'missing');
    await expect(client.artifacts.download(info.runId, 'nope.txt', destination)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(existsSync(join(destination, 'nope.txt'))).toBe(false);
  });
});
