import { afterEach, describe, expect, it } from 'vitest';
import { createExperimentAndRun, createRun, HttpClient, mlflow } from '../../bench/support/http-client.js';
import { removeDataDir, startServerProcess, type ServerProcess } from '../../bench/support/server-process.js';

/** One acknowledged point: the server answered 200 to the request that carried it. */
interface AckedPoint {
  runId: string;
  key: string;
  step: number;
  value: number;
  timestamp: number;
}

interface HistoryPage {
  metrics?: { key: string; value: number | string; timestamp: number | string; step?: number | string }[];
  next_page_token?: string;
}

const batchLanes = 4;
const singleLanes = 4;
const pointsPerBatch = 200;
/** Stop criteria for the hammering before the kill: enough acknowledged, or enough time. */
const killAfterAckedRequests = 150;
const killAfterMs = 4_000;
const minimumHammerMs = 500;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends requests in a loop until the server goes away; records what was acknowledged. */
async function hammer(lane: number, client: HttpClient, runId: string, acked: AckedPoint[], counter: { requests: number }): Promise<void> {
  for (let seq = 0; ; seq++) {
    const timestamp = 1_700_000_000_000 + lane * 1_000_000 + seq;
    let points: AckedPoint[];
    let response;
    try {
      if (lane < batchLanes) {
        points = Array.from({ length: pointsPerBatch }, (_, i) => ({
          runId,
          key: i % 2 === 0 ? 'loss' : 'accuracy',
          step: seq * (pointsPerBatch / 2) + Math.floor(i / 2),
          value: lane + seq / 1000 + i / 1e6,
          timestamp,
        }));
        const metrics = points.map(({ key, value, timestamp: ts, step }) => ({ key, value, timestamp: ts, step }));
        response = await client.send('POST', `${mlflow}/runs/log-batch`, JSON.stringify({ run_id: runId, metrics }));
      } else {
        const point = { key: `single_${lane}`, step: seq, value: seq + lane / 10, timestamp };
        points = [{ runId, ...point }];
        response = await client.send('POST', `${mlflow}/runs/log-metric`, JSON.stringify({ run_id: runId, ...point }));
      }
    } catch {
      return; // connection refused or reset: the server was killed
    }
    if (response.status === 200) {
      acked.push(...points);
      counter.requests++;
    } else {
      throw new Error(`unexpected ${response.status} before the kill: ${response.body.slice(0, 200)}`);
    }
  }
}

async function readHistory(client: HttpClient, runId: string, key: string): Promise<Map<number, { value: number; timestamp: number }>> {
  const byStep = new Map<number, { value: number; timestamp: number }>();
  let token = '';
  do {
    const page = await client.getJson<HistoryPage>(
      `${mlflow}/metrics/get-history?run_id=${runId}&metric_key=${key}&max_results=25000${token === '' ? '' : `&page_token=${encodeURIComponent(token)}`}`,
    );
    for (const m of page.metrics ?? []) byStep.set(Number(m.step ?? 0), { value: Number(m.value), timestamp: Number(m.timestamp) });
    token = page.next_page_token ?? '';
  } while (token !== '');
  return byStep;
}

describe('SIGKILL during heavy ingestion', () => {
  let server: ServerProcess | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await server?.kill();
    if (dataDir !== undefined) removeDataDir(dataDir);
    server = undefined;
    dataDir = undefined;
  });

  it('keeps every metric point that was acknowledged with 200 before the kill', { timeout: 90_000 }, async () => {
    server = await startServerProcess();
    dataDir = server.dataDir;
    const setup = new HttpClient(server.url, 2);
    const { experimentId, runId } = await createExperimentAndRun(setup, 'durability');
    const runIds = [runId];
    while (runIds.length < batchLanes + singleLanes) runIds.push(await createRun(setup, experimentId));
    setup.close();

    const acked: AckedPoint[] = [];
    const counter = { requests: 0 };
    const clients = runIds.map(() => new HttpClient(server!.url, 1));
    const lanes = runIds.map((id, lane) => hammer(lane, clients[lane]!, id, acked, counter));

    const started = Date.now();
    while (Date.now() - started < killAfterMs && (counter.requests < killAfterAckedRequests || Date.now() - started < minimumHammerMs)) {
      await sleep(20);
    }
    // Killed while every lane still has a request in flight.
    await server.kill();
    await Promise.all(lanes);
    for (const client of clients) client.close();
    expect(counter.requests).toBeGreaterThan(0);

    server = await startServerProcess({ dataDir });
    const reader = new HttpClient(server.url, 1);
    const missing: AckedPoint[] = [];
    const groups = new Map<string, AckedPoint[]>();
    for (const point of acked) {
      const group = `${point.runId}\u0000${point.key}`;
      const list = groups.get(group);
      if (list === undefined) groups.set(group, [point]);
      else list.push(point);
    }
    for (const points of groups.values()) {
      const first = points[0]!;
      const stored = await readHistory(reader, first.runId, first.key);
      for (const point of points) {
        const found = stored.get(point.step);
        if (found?.value !== point.value || found.timestamp !== point.timestamp) missing.push(point);
      }
    }
    reader.close();

    if (process.env['CAIRN_DURABILITY_VERBOSE'] === '1') {
      console.log(`acknowledged ${counter.requests} requests, ${acked.length} points; ${missing.length} missing after restart`);
    }
    expect(acked.length).toBeGreaterThan(0);
    expect(missing.slice(0, 5)).toEqual([]);
    expect(missing).toHaveLength(0);
  });
});
