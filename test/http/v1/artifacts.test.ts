import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadedArtifactSchema } from '../../../src/http/routes/v1/artifact-schemas.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

type Json = Record<string, any>;

describe.each(backends)('native artifacts API on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let runId: string;

  const contentUrl = (path: string, id = runId) => `${server.url}/api/v1/runs/${id}/artifacts/content?path=${encodeURIComponent(path)}`;
  const upload = (path: string, body: string | Uint8Array, contentType = 'application/octet-stream', id = runId) =>
    fetch(contentUrl(path, id), { method: 'PUT', headers: { 'content-type': contentType }, body });

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    runId = (await call('createRun', { body: {} })).body.run.info.runId;
  });
  afterAll(() => server.close());

  it('stores uploaded bytes, whatever their declared type, and lists folders and files', async () => {
    const first = await upload('model/MLmodel', 'flavors: {}\n', 'text/plain');
    expect(first.status).toBe(201);
    expect(uploadedArtifactSchema.parse(await first.json())).toEqual({ file: { path: 'model/MLmodel', isDir: false, fileSize: 12 } });
    expect((await upload('metrics.json', '{"auc": 0.9}', 'application/json')).status).toBe(201);

    const root = await call('listArtifacts', { params: { runId } });
    expect(root.body.rootUri).toMatch(new RegExp(`/${runId}/artifacts$`));
    expect(root.body.files).toEqual([
      { path: 'metrics.json', isDir: false, fileSize: 12 },
      { path: 'model', isDir: true },
    ]);
    const folder = await call('listArtifacts', { params: { runId }, query: { path: 'model' } });
    expect(folder.body.files).toEqual([{ path: 'model/MLmodel', isDir: false, fileSize: 12 }]);
  });

  it('downloads a file whole and by byte range', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    await upload('data/bytes.bin', bytes);
    const whole = await fetch(contentUrl('data/bytes.bin'));
    expect(whole.status).toBe(200);
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes);

    const part = await fetch(contentUrl('data/bytes.bin'), { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('rejects path traversal and absolute paths with 400', async () => {
    for (const path of ['../escape.txt', '/etc/passwd', 'a/../../b']) {
      const answer = await upload(path, 'x');
      expect(answer.status, path).toBe(400);
      expect(((await answer.json()) as Json).error.code).toBe('INVALID_ARGUMENT');
    }
    const listing = await call('listArtifacts', { params: { runId }, query: { path: '../' } });
    expect(listing.status).toBe(400);
  });

  it('answers 404 for a missing file and for an unknown run', async () => {
    const missing = await fetch(contentUrl('nope.txt'));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Json).error.code).toBe('NOT_FOUND');

    const unknownRun = await call('listArtifacts', { params: { runId: 'ffffffffffffffffffffffffffffffff' } });
    expect(unknownRun.status).toBe(404);
    const uploadToUnknown = await upload('x.txt', 'x', 'application/octet-stream', 'ffffffffffffffffffffffffffffffff');
    expect(uploadToUnknown.status).toBe(404);
  });

  it('refuses uploads to a deleted run', async () => {
    const deletedRun = (await call('createRun', { body: {} })).body.run.info.runId;
    await call('deleteRun', { params: { runId: deletedRun } });
    const answer = await upload('late.txt', 'x', 'application/octet-stream', deletedRun);
    expect(answer.status).toBe(400);
  });
});
