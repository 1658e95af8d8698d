import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invalidState } from '../../src/domain/errors.js';
import type { MonitorRunSummary } from '../../src/domain/monitoring/monitor.js';
import { MonitorScheduler, type ScheduledMonitors } from '../../src/runtime/monitor-scheduler.js';
import { openDatabase, type SqlDatabase } from '../../src/storage/sql/database.js';
import { MonitorRunSqlStore } from '../../src/storage/sql/monitor-run-sql-store.js';
import { backends, freshDatabaseUrl } from '../support/backends.js';

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const summary = (windowsClosed = 1): MonitorRunSummary => ({ windowsClosed, predictionsRead: 10, results: 1, alertsOpened: 0, alertsResolved: 0 });

/** A stand-in for MonitorService: records which (monitor, time) it was asked to run. */
class FakeMonitors implements ScheduledMonitors {
  list: Array<{ monitorId: number; schedule: string; enabled: boolean }> = [];
  calls: Array<[number, number]> = [];
  behaviour: (monitorId: number, scheduledFor: number, attempt: number) => Promise<MonitorRunSummary> = async () => summary();
  private attempts = new Map<string, number>();

  async schedules() {
    return this.list;
  }

  async runDue(monitorId: number, scheduledFor: number): Promise<MonitorRunSummary> {
    const key = `${monitorId}:${scheduledFor}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    this.calls.push([monitorId, scheduledFor]);
    return this.behaviour(monitorId, scheduledFor, attempt);
  }
}

describe.each(backends)('monitor scheduler on %s', (backend) => {
  let database: SqlDatabase;
  let store: MonitorRunSqlStore;
  let monitors: FakeMonitors;
  let now: number;
  const logs: Array<{ level: string; message: string }> = [];
  let nextMonitor = 1;
  let monitorId: number;

  const scheduler = (workerId: string, leaseMs = 60_000, maxQueued = 3) =>
    new MonitorScheduler({ runs: store, monitors, clock: { now: () => now }, workerId, leaseMs, maxQueued, log: (level, message) => logs.push({ level, message }) });

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    store = new MonitorRunSqlStore(database.db);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(() => {
    // A new monitor id per test keeps the claims of one test out of the next.
    monitorId = nextMonitor++;
    monitors = new FakeMonitors();
    monitors.list = [{ monitorId, schedule: '* * * * * *', enabled: true }];
    now = t0 + monitorId * 3_600_000 + 500;
    logs.length = 0;
  });

  it('on its first tick runs only the latest due time, never the schedules missed before it started', async () => {
    const s = scheduler('a');
    expect(await s.tick()).toEqual({ claimed: 1, retaken: 0 });
    await s.idle();
    const latest = now - 500;
    expect(monitors.calls).toEqual([[monitorId, latest]]);
    const [run] = await store.list(monitorId, 10);
    expect(run).toMatchObject({ monitorId, scheduledFor: latest, status: 'succeeded', claimedBy: 'a', attempts: 1, error: null, summary: summary() });
    expect(run!.finishedTime).toBe(now);
  });

  it('after a pause runs every time due since its last tick, oldest first, up to the catch-up limit', async () => {
    const s = scheduler('a', 60_000, 100);
    await s.tick();
    now += 3_000;
    expect((await s.tick()).claimed).toBe(3);
    now += 60_000;
    expect((await s.tick()).claimed).toBe(10);
    await s.idle();
    const times = monitors.calls.map(([, t]) => t);
    expect(times.slice(0, 4)).toEqual([0, 1, 2, 3].map((i) => now - 63_500 + i * 1_000));
    // The 10 newest of the 60 seconds, in order: older ones were skipped, not replayed.
    expect(times.slice(4)).toEqual(Array.from({ length: 10 }, (_, i) => now - 500 - (9 - i) * 1_000));
  });

  it('two schedulers ticking at the same times run each scheduled time exactly once', async () => {
    const a = scheduler('a');
    const b = scheduler('b');
    await Promise.all([a.tick(), b.tick()]);
    for (let i = 0; i < 5; i += 1) {
      now += 1_000;
      await Promise.all([b.tick(), a.tick()]);
    }
    await Promise.all([a.idle(), b.idle()]);
    const times = monitors.calls.map(([, t]) => t).sort((x, y) => x - y);
    expect(times).toEqual(Array.from({ length: 6 }, (_, i) => now - 500 - (5 - i) * 1_000));
    const runs = await store.list(monitorId, 100);
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
  });

  it('takes over a run whose process stopped renewing its lease, and ignores the old holder finishing it', async () => {
    const scheduledFor = now - 500;
    // Process "dead" claimed the time and never came back.
    expect(await store.claim(monitorId, scheduledFor, 'dead', now - 120_000)).toBe(true);
    monitors.list = [];
    const s = scheduler('alive', 60_000);
    expect(await s.tick()).toEqual({ claimed: 0, retaken: 1 });
    await s.idle();
    expect(monitors.calls).toEqual([[monitorId, scheduledFor]]);
    await store.finish(monitorId, scheduledFor, 'dead', { status: 'failed', error: 'late' }, now);
    const [run] = await store.list(monitorId, 1);
    expect(run).toMatchObject({ status: 'succeeded', claimedBy: 'alive', attempts: 2, error: null });
    expect(logs.some((l) => l.message.includes('took over'))).toBe(true);
  });

  it('does not take over a run whose holder still renews its lease', async () => {
    monitors.behaviour = () => new Promise(() => undefined); // never finishes: the run stays in flight
    const holder = scheduler('holder', 60_000);
    await holder.tick();
    now += 50_000;
    monitors.list = [];
    await holder.tick(); // renews the heartbeat (every lease / 3)
    now += 30_000;
    expect((await scheduler('other', 60_000).tick()).retaken).toBe(0);
    const [run] = await store.list(monitorId, 1);
    expect(run).toMatchObject({ status: 'running', claimedBy: 'holder', heartbeatTime: now - 30_000 });
  });

  it('records a failed run with its error, and retries one that lost a race with a run of the same monitor elsewhere', async () => {
    monitors.behaviour = async (_m, _t, attempt) => {
      if (attempt === 1) throw invalidState('run by another process at the same time');
      throw new Error('reference unreadable');
    };
    const s = scheduler('a');
    await s.tick();
    await s.idle();
    expect(monitors.calls).toHaveLength(4); // first try + 3 retries of the conflict... then the plain error stops it
    const [run] = await store.list(monitorId, 1);
    expect(run).toMatchObject({ status: 'failed', error: 'reference unreadable', summary: null });
  });

  it('skips disabled monitors and logs an unreadable schedule once', async () => {
    monitors.list = [
      { monitorId, schedule: '* * * * * *', enabled: false },
      { monitorId: monitorId + 1000, schedule: '61 * * * *', enabled: true },
    ];
    const s = scheduler('a');
    await s.tick();
    now += 1_000;
    await s.tick();
    expect(monitors.calls).toEqual([]);
    expect(logs.filter((l) => l.message.includes('not a valid cron'))).toHaveLength(1);
  });

  it('runs the times of one monitor one after the other within a process', async () => {
    let inFlight = 0;
    let most = 0;
    monitors.behaviour = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return summary();
    };
    const s = scheduler('a');
    await s.tick();
    now += 2_000;
    await s.tick();
    await s.idle();
    expect(monitors.calls).toHaveLength(3);
    expect(most).toBe(1);
  });

  it('leaves due times to other processes while too many runs of the monitor wait here', async () => {
    monitors.behaviour = () => new Promise(() => undefined);
    const s = scheduler('a', 60_000, 2);
    await s.tick();
    now += 5_000;
    expect((await s.tick()).claimed).toBe(1);
    // Another process claims the rest.
    expect((await scheduler('b').tick()).claimed).toBe(1);
    expect((await store.list(monitorId, 10)).map((r) => r.claimedBy)).toEqual(['b', 'a', 'a']);
  });
});
