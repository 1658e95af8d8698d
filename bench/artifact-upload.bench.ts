import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createExperimentAndRun, HttpClient, mlflow } from './support/http-client.js';
import type { BenchRow } from './support/report.js';
import { readMemory, removeDataDir, sampleMemory, startServerProcess } from './support/server-process.js';
import { mib } from './support/stats.js';

const totalBytes = 1024 ** 3;
const chunkBytes = 1024 ** 2;

/** 1 GiB of incompressible bytes, produced on the fly so the client never holds it either. */
function* generatedBytes(): Generator<Buffer> {
  const pool = Array.from({ length: 8 }, () => randomBytes(chunkBytes));
  for (let sent = 0, i = 0; sent < totalBytes; sent += chunkBytes, i++) yield pool[i % pool.length] ?? Buffer.alloc(chunkBytes);
}

function upload(url: string, path: string): Promise<number> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': totalBytes } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    pipeline(Readable.from(generatedBytes()), req).catch(reject);
  });
}

/** Server RSS while a 1 GiB artifact is streamed to it through the mlflow-artifacts API. */
export async function benchArtifactUpload(): Promise<BenchRow[]> {
  const server = await startServerProcess();
  try {
    const client = new HttpClient(server.url, 2);
    const { runId } = await createExperimentAndRun(client, 'bench-artifacts');
    const run = await client.getJson<{ run: { info: { artifact_uri: string } } }>(`${mlflow}/runs/get?run_id=${runId}`);
    const root = run.run.info.artifact_uri.replace(/^mlflow-artifacts:\/+/, '');

    const idle = readMemory(server.pid);
    const memory = sampleMemory(server.pid, 50);
    const start = performance.now();
    const status = await upload(server.url, `/api/2.0/mlflow-artifacts/artifacts/${root}/big/data.bin`);
    const seconds = (performance.now() - start) / 1000;
    const peak = memory.stop();
    if (status !== 200) throw new Error(`artifact upload -> ${status}`);

    const listing = await client.getJson<{ files?: { path: string; file_size?: number | string }[] }>(
      `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${root}/big`)}`,
    );
    client.close();
    const stored = Number(listing.files?.find((f) => f.path.endsWith('data.bin'))?.file_size ?? 0);
    if (stored !== totalBytes) throw new Error(`listing shows ${stored} bytes for the uploaded artifact, expected ${totalBytes}`);

    // Baseline throughput: the same generator written to a local file by this process.
    const diskStart = performance.now();
    await pipeline(Readable.from(generatedBytes()), createWriteStream(join(server.dataDir, 'baseline.bin')));
    const diskSeconds = (performance.now() - diskStart) / 1000;

    const peakMb = mib(Math.max(peak.hwm, peak.rss));
    return [
      {
        name: 'server RSS during 1 GiB artifact upload',
        figure: peakMb,
        unit: 'MB',
        baselineName: 'same server idle',
        baseline: mib(idle.rss),
        target: '< 200 MB',
        pass: peakMb < 200,
        note: 'peak of VmHWM since server start, which covers the whole upload',
      },
      {
        name: 'artifact upload throughput (info)',
        figure: mib(totalBytes) / seconds,
        unit: 'MB/s',
        baselineName: 'local file write',
        baseline: mib(totalBytes) / diskSeconds,
        target: 'none',
        pass: true,
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
