import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../support/test-server.js';
import { createRunArtifactRoot, json, rawRequest } from './raw-http.js';
import { startServerFor, storageCases } from './storage-cases.js';

const mib = 1024 * 1024;
const totalBytes = 200 * mib;

const pool = Array.from({ length: 7 }, () => randomBytes(mib));

/** 200 MiB made on the fly from a small pool of random megabytes, never held at once. */
function* generated(): Generator<Buffer> {
  for (let i = 0; i * mib < totalBytes; i++) {
    // A fresh copy stamped with its index: no two megabytes alike, so a reordered or repeated part would show.
    const chunk = Buffer.from(pool[i % pool.length]!);
    chunk.writeUInt32BE(i, 0);
    yield chunk;
  }
}

function expectedSha256(): string {
  const hash = createHash('sha256');
  for (const chunk of generated()) hash.update(chunk);
  return hash.digest('hex');
}

/** GETs a URL and hashes the body as it streams in. */
function downloadSha256(url: string): Promise<{ status: number; size: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      const hash = createHash('sha256');
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, size, sha256: hash.digest('hex') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

// One case per artifact store; the database plays no part in streaming.
describe.each(storageCases.filter((c) => c.name !== 'postgres + local folder'))('a 200 MiB artifact ($name)', (testCase) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServerFor(testCase);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('streams up and back down intact, without the process holding it in memory', async () => {
    const run = await createRunArtifactRoot(server.url);
    const path = `/api/2.0/mlflow-artifacts/artifacts/${run.root}/big/data.bin`;
    const expected = expectedSha256();

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const upload = await rawRequest(server.url, 'PUT', path, {
        headers: { 'content-type': 'application/octet-stream', 'content-length': totalBytes },
        body: (async function* () {
          yield* generated();
        })(),
      });
      expect(upload.status).toBe(200);
    } finally {
      clearInterval(sampler);
    }
    // Client, server (and s3rver) share this process: holding the body anywhere would add 200 MiB.
    // Seen: ~5 MiB on the folder store, ~80 MiB with S3 (parts in flight plus s3rver's own buffers).
    expect(peak - before).toBeLessThan(150 * mib);

    const listing = json(await rawRequest(server.url, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${run.root}/big`)}`));
    expect(listing.files).toEqual([{ path: 'data.bin', is_dir: false, file_size: totalBytes }]);

    const download = await downloadSha256(server.url + path);
    expect(download).toEqual({ status: 200, size: totalBytes, sha256: expected });
  }, 120_000);
});
