import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/test-server.js';
import { createRunArtifactRoot, json, rawRequest } from './raw-http.js';
import { startServerFor, storageCases } from './storage-cases.js';

const api = '/api/2.0/mlflow-artifacts/artifacts';

describe.each(storageCases)('MLflow proxied artifacts ($name)', (testCase) => {
  let server: TestServer;
  let run: { runId: string; artifactUri: string; root: string };
  const put = (path: string, body: string | Buffer, contentType?: string) =>
    rawRequest(server.url, 'PUT', `${api}/${path}`, { headers: contentType ? { 'content-type': contentType } : {}, body: Buffer.from(body) });
  const get = (path: string, headers: Record<string, string> = {}) => rawRequest(server.url, 'GET', `${api}/${path}`, { headers });
  const list = async (path: string) => {
    const response = await rawRequest(server.url, 'GET', `${api}?path=${encodeURIComponent(path)}`);
    expect(response.status).toBe(200);
    return (json(response).files ?? []) as unknown[];
  };

  beforeAll(async () => {
    server = await startServerFor(testCase);
    run = await createRunArtifactRoot(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives runs artifact URIs that the proxied routes serve', () => {
    expect(run.artifactUri).toBe(`mlflow-artifacts:/0/${run.runId}/artifacts`);
  });

  it('uploads raw bytes of any content type, JSON included, and downloads them unchanged', async () => {
    const body = '{"not": "parsed", "kept": [1, 2, 3]}\n';
    expect(await put(`${run.root}/config/params.json`, body, 'application/json')).toMatchObject({ status: 200 });
    const response = await get(`${run.root}/config/params.json`);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe(body);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['content-disposition']).toContain('attachment; filename="params.json"');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('answers {} to an upload, as the MLflow client expects', async () => {
    const response = await put(`${run.root}/answer.txt`, 'x', 'text/plain');
    expect(json(response)).toEqual({});
  });

  it('stores a body-less upload as an empty file', async () => {
    expect((await rawRequest(server.url, 'PUT', `${api}/${run.root}/empty.log`, { headers: { 'content-length': 0 } })).status).toBe(200);
    const response = await get(`${run.root}/empty.log`);
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
  });

  it('accepts a chunked upload of unknown length without a Content-Type', async () => {
    const parts = ['streamed ', 'in ', 'chunks'];
    const body = (async function* () {
      for (const part of parts) yield Buffer.from(part);
    })();
    expect((await rawRequest(server.url, 'PUT', `${api}/${run.root}/chunked.txt`, { body })).status).toBe(200);
    expect((await get(`${run.root}/chunked.txt`)).body.toString()).toBe('streamed in chunks');
  });

  it('lists a folder with basenames, folders marked and sizes on files only', async () => {
    await put(`${run.root}/ls/model/MLmodel`, 'artifact_path: model\n');
    await put(`${run.root}/ls/model/data/model.pkl`, Buffer.alloc(1000, 1));
    await put(`${run.root}/ls/metrics.csv`, 'step,loss\n0,1\n', 'text/csv');
    expect(await list(`${run.root}/ls`)).toEqual([
      { path: 'metrics.csv', is_dir: false, file_size: 14 },
      { path: 'model', is_dir: true },
    ]);
    expect(await list(`${run.root}/ls/model`)).toEqual([
      { path: 'MLmodel', is_dir: false, file_size: 21 },
      { path: 'data', is_dir: true },
    ]);
  });

  it('lists a file path or a missing folder as empty: the client probes folders that way', async () => {
    await put(`${run.root}/probe.txt`, 'p');
    expect(await list(`${run.root}/probe.txt`)).toEqual([]);
    expect(await list(`${run.root}/no-such-folder`)).toEqual([]);
  });

  it('lists run artifacts through the tracking API with paths relative to the run root, on both mounts', async () => {
    await put(`${run.root}/rel/sub/f.txt`, 'f');
    for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
      const response = await rawRequest(server.url, 'GET', `${prefix}/artifacts/list?run_id=${run.runId}&path=rel`);
      expect(response.status).toBe(200);
      expect(json(response)).toEqual({ root_uri: run.artifactUri, files: [{ path: 'rel/sub', is_dir: true }] });
    }
    const top = json(await rawRequest(server.url, 'GET', `/api/2.0/mlflow/artifacts/list?run_uuid=${run.runId}`));
    expect((top.files as { path: string }[]).map((f) => f.path)).toContain('rel');
  });

  it('answers RESOURCE_DOES_NOT_EXIST when listing the artifacts of an unknown run', async () => {
    const response = await rawRequest(server.url, 'GET', '/api/2.0/mlflow/artifacts/list?run_id=0123456789abcdef0123456789abcdef');
    expect(response.status).toBe(404);
    expect(json(response)).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('serves a file by run id and run-relative path for the UI', async () => {
    await put(`${run.root}/ui/plot.svg`, '<svg/>', 'image/svg+xml');
    const response = await rawRequest(server.url, 'GET', `/get-artifact?run_id=${run.runId}&path=${encodeURIComponent('ui/plot.svg')}`);
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('<svg/>');
    expect(response.headers['content-type']).toBe('image/svg+xml');
    // Uploaded markup must never run as a page of this origin.
    expect(response.headers['content-security-policy']).toBe('sandbox');
  });

  it('answers 404 with an MLflow error body for a missing file or a folder', async () => {
    for (const path of [`${run.root}/missing.bin`, `${run.root}/ls/model`]) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(json(response)).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    }
  });

  it('replaces a file uploaded twice to the same path', async () => {
    await put(`${run.root}/twice.txt`, 'first');
    await put(`${run.root}/twice.txt`, 'second');
    expect((await get(`${run.root}/twice.txt`)).body.toString()).toBe('second');
  });

  it('deletes a file, then a whole folder, and deleting again still answers {}', async () => {
    await put(`${run.root}/gone/a.txt`, 'a');
    await put(`${run.root}/gone/deep/b.txt`, 'b');
    expect(json(await rawRequest(server.url, 'DELETE', `${api}/${run.root}/gone/a.txt`))).toEqual({});
    expect(await list(`${run.root}/gone`)).toEqual([{ path: 'deep', is_dir: true }]);
    expect(json(await rawRequest(server.url, 'DELETE', `${api}/${run.root}/gone`))).toEqual({});
    expect(await list(`${run.root}/gone`)).toEqual([]);
    expect((await get(`${run.root}/gone/deep/b.txt`)).status).toBe(404);
    expect((await rawRequest(server.url, 'DELETE', `${api}/${run.root}/gone`)).status).toBe(200);
  });

  it('refuses a file below a file with 400 INVALID_PARAMETER_VALUE', async () => {
    await put(`${run.root}/leaf.txt`, 'leaf');
    const response = await put(`${run.root}/leaf.txt/below`, 'x');
    expect(response.status).toBe(400);
    expect(json(response)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  it('serves one byte range, HEAD without a body, and 304 for a matching ETag', async () => {
    await put(`${run.root}/range.txt`, '0123456789');
    const partial = await get(`${run.root}/range.txt`, { range: 'bytes=2-5' });
    expect(partial.status).toBe(206);
    expect(partial.body.toString()).toBe('2345');
    expect(partial.headers['content-range']).toBe('bytes 2-5/10');
    expect((await get(`${run.root}/range.txt`, { range: 'bytes=-3' })).body.toString()).toBe('789');
    expect((await get(`${run.root}/range.txt`, { range: 'bytes=10-' })).status).toBe(416);

    const head = await rawRequest(server.url, 'HEAD', `${api}/${run.root}/range.txt`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('10');
    expect(head.body.length).toBe(0);

    const etag = String(head.headers.etag);
    expect((await get(`${run.root}/range.txt`, { 'if-none-match': etag })).status).toBe(304);
  });

  it('declines multipart uploads with the message that makes the client fall back to one PUT', async () => {
    for (const action of ['create', 'complete', 'abort']) {
      const response = await rawRequest(server.url, 'POST', `/api/2.0/mlflow-artifacts/mpu/${action}/${run.root}/big.bin`, {
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ path: '/tmp/big.bin', num_parts: 3 })),
      });
      expect(response.status).toBe(501);
      expect(String(json(response).message)).toMatch(/^Multipart upload is not supported for the current artifact repository/);
    }
  });
});
