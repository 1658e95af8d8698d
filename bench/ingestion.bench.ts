import { createExperimentAndRun, createRun, HttpClient } from './support/http-client.js';
import { itemRate, runLoadInChild } from './support/load.js';
import { openRawSqlite, rawInsertRate } from './support/raw-sqlite.js';
import { cpuNote, type BenchRow } from './support/report.js';
import { readCpuMs, readMemory, removeDataDir, sampleMemory, startServerProcess } from './support/server-process.js';
import { mib } from './support/stats.js';

const clients = 4;
const batchSize = 1000;

/** log-batch ingestion, 1,000 metrics per request, 4 concurrent clients, and the server's RSS meanwhile. */
export async function benchIngestion(durationMs = 10_000): Promise<BenchRow[]> {
  const server = await startServerProcess();
  try {
    const client = new HttpClient(server.url, 4);
    const { experimentId, runId } = await createExperimentAndRun(client, 'bench-ingestion');
    // One run per client, as four training jobs would log.
    const runIds = [runId];
    while (runIds.length < clients) runIds.push(await createRun(client, experimentId));
    client.close();

    const idle = readMemory(server.pid);
    const memory = sampleMemory(server.pid);
    const cpuBefore = readCpuMs(server.pid);
    const load = await runLoadInChild({ kind: 'log-batch', url: server.url, concurrency: clients, warmupMs: 2_000, durationMs, runIds, batchSize });
    const peak = memory.stop();
    const cpuMs = readCpuMs(server.pid) - cpuBefore;
    if (load.ok === 0) throw new Error(`log-batch ingestion failed: ${load.firstError ?? 'no request succeeded'}`);

    const raw = await openRawSqlite(server.dataDir);
    const rawRate = rawInsertRate(raw, 500_000, batchSize);
    raw.close();

    const rate = itemRate(load);
    const peakMb = mib(Math.max(peak.hwm, peak.rss));
    const errorNote = load.errors > 0 ? `; ${load.errors} failed requests, first: ${load.firstError ?? ''}` : '';
    return [
      {
        name: 'log-batch ingestion (1000/request, 4 clients)',
        figure: rate,
        unit: 'points/s',
        baselineName: 'raw better-sqlite3 insert',
        baseline: rawRate,
        target: '>= 200,000 points/s',
        pass: rate >= 200_000 && load.errors === 0,
        note: `${load.ok} requests in ${durationMs / 1000} s, request p50 ${load.p50Ms.toFixed(1)} ms, p99 ${load.p99Ms.toFixed(1)} ms; ` +
          `${cpuNote(cpuMs, load.requestsSent * batchSize, 'point')}${errorNote}`,
      },
      {
        name: 'server RSS under ingestion load',
        figure: peakMb,
        unit: 'MB',
        baselineName: 'same server idle',
        baseline: mib(idle.rss),
        target: '<= 300 MB',
        pass: peakMb <= 300,
        note: 'peak of VmHWM (/proc/<pid>/status) since server start, which covers the whole load',
      },
    ];
  } finally {
    await server.stop();
    removeDataDir(server.dataDir);
  }
}
