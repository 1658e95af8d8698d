import { startHelloServerProcess } from './support/hello-server.js';
import { createExperimentAndRun, createRun, HttpClient } from './support/http-client.js';
import { requestRate, runLoadInChild } from './support/load.js';
import type { BenchRow } from './support/report.js';
import { readCpuMs, removeDataDir, startServerProcess } from './support/server-process.js';
import { cpuNote } from './support/report.js';

const clients = 16;

/**
 * Single log-metric requests from 16 concurrent clients. The baseline is a raw node:http server that
 * answers `{}` to the very same requests from the very same load generator: the HTTP + client ceiling.
 */
export async function benchLogMetric(durationMs = 8_000): Promise<BenchRow[]> {
  const hello = await startHelloServerProcess();
  let baseline;
  try {
    baseline = await runLoadInChild({ kind: 'log-metric', url: hello.url, concurrency: clients, warmupMs: 1_000, durationMs, runIds: ['0'] });
  } finally {
    await hello.close();
  }

  const server = await startServerProcess();
  try {
    const client = new HttpClient(server.url, 4);
    const { experimentId, runId } = await createExperimentAndRun(client, 'bench-log-metric');
    const runIds = [runId];
    while (runIds.length < clients) runIds.push(await createRun(client, experimentId));
    client.close();

    const cpuBefore = readCpuMs(server.pid);
    const load = await runLoadInChild({ kind: 'log-metric', url: server.url, concurrency: clients, warmupMs: 1_000, durationMs, runIds });
    const cpuMs = readCpuMs(server.pid) - cpuBefore;
    if (load.ok === 0) throw new Error(`log-metric failed: ${load.firstError ?? 'no request succeeded'}`);
    const rate = requestRate(load);
    const errorNote = load.errors > 0 ? `; ${load.errors} failed requests, first: ${load.firstError ?? ''}` : '';
    return [
      {
        name: 'log-metric requests (16 clients)',
        figure: rate,
        unit: 'req/s',
        baselineName: 'raw node:http {}',
        baseline: requestRate(baseline),
        target: '>= 8,000 req/s',
        pass: rate >= 8_000 && load.errors === 0,
        note: `request p50 ${load.p50Ms.toFixed(2)} ms, p99 ${load.p99Ms.toFixed(2)} ms; ${cpuNote(cpuMs, load.requestsSent, 'request')}${errorNote}`,
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
