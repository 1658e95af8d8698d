import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { createRunArtifactRoot, json, rawRequest } from './raw-http.js';

const api = '/api/2.0/mlflow-artifacts/artifacts';

describe.each(backends)('artifact path safety (%s)', (backend) => {
  let server: TestServer;
  let run: { runId: string; root: string };
  beforeAll(async () => {
    server = await startTestServer({ backend });
    run = await createRunArtifactRoot(server.url);
  });
  afterAll(async () => {
    await server?.close();
  });

  // Sent byte for byte: nothing between the test and the server resolves the dots or decodes anything.
  const hostile = (root: string): string[] => [
    `${root}/../../escape.txt`,
    `${root}/%2e%2e/%2e%2e/escape.txt`,
    `${root}/%2E%2E/escape.txt`,
    `${root}/..%2f..%2fescape.txt`,
    `${root}/a%2Fb.txt`,
    `${root}/a%5c..%5cb.txt`,
    `${root}/a\\..\\b.txt`,
    `${root}/a%00b.txt`,
    `${root}/%252e%252e/escape.txt`,
    `${root}/a//b.txt`,
    `${root}/./a.txt`,
    `/etc/passwd`,
    `C:/windows/win.ini`,
  ];

  it.each(['PUT', 'GET', 'DELETE'])('%s refuses traversal and encoding tricks with 400 INVALID_PARAMETER_VALUE', async (method) => {
    for (const path of hostile(run.root)) {
      const response = await rawRequest(server.url, method, `${api}/${path}`, method === 'PUT' ? { body: Buffer.from('payload') } : {});
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(json(response)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('artifact path') });
    }
  });

  it('stores nothing for refused uploads', async () => {
    for (const path of hostile(run.root)) await rawRequest(server.url, 'PUT', `${api}/${path}`, { body: Buffer.from('payload') });
    const names = async (path: string): Promise<string[]> =>
      ((json(await rawRequest(server.url, 'GET', `${api}?path=${encodeURIComponent(path)}`)).files ?? []) as { path: string }[]).map((f) => f.path);
    // Other tests only ever write below `<run root>/ok/`.
    expect((await names('')).filter((name) => name !== '0')).toEqual([]);
    expect((await names('0')).filter((name) => name !== run.runId)).toEqual([]);
    expect((await names(`0/${run.runId}`)).filter((name) => name !== 'artifacts')).toEqual([]);
    expect((await names(run.root)).filter((name) => name !== 'ok')).toEqual([]);
  });

  it('refuses traversal in listing queries and run-relative paths', async () => {
    const urls = [
      `${api}?path=${encodeURIComponent(`${run.root}/../..`)}`,
      `${api}?path=${encodeURIComponent('/etc')}`,
      `/api/2.0/mlflow/artifacts/list?run_id=${run.runId}&path=${encodeURIComponent('../other-run')}`,
      `/get-artifact?run_id=${run.runId}&path=${encodeURIComponent('../../0/x')}`,
    ];
    for (const url of urls) {
      const response = await rawRequest(server.url, 'GET', url);
      expect({ url, status: response.status }).toEqual({ url, status: 400 });
    }
  });

  it('accepts names that only look unusual: spaces, unicode, percent signs and inner dots', async () => {
    const names = ['my%20report.txt', 'donn%C3%A9es.csv', '100%25.txt', '..hidden..txt'];
    for (const name of names) {
      expect((await rawRequest(server.url, 'PUT', `${api}/${run.root}/ok/${name}`, { body: Buffer.from(name) })).status).toBe(200);
    }
    const listing = json(await rawRequest(server.url, 'GET', `${api}?path=${encodeURIComponent(`${run.root}/ok`)}`));
    expect((listing.files as { path: string }[]).map((f) => f.path).sort()).toEqual(['..hidden..txt', '100%.txt', 'données.csv', 'my report.txt'].sort());
  });
});
