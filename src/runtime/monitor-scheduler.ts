import type { Clock } from '../domain/clock.js';
import { CairnError } from '../domain/errors.js';
import type { MonitorRunStore } from '../domain/monitoring/monitor-run-store.js';
import type { MonitorRunSummary } from '../domain/monitoring/monitor.js';
import { dueTimes } from '../domain/monitoring/cron-schedule.js';

/** What the scheduler runs: MonitorService.runDue and MonitorService.schedules. */
export interface ScheduledMonitors {
  schedules(): Promise<Array<{ monitorId: number; schedule: string; enabled: boolean }>>;
  runDue(monitorId: number, scheduledFor: number): Promise<MonitorRunSummary>;
}

export interface MonitorSchedulerOptions {
  runs: MonitorRunStore;
  monitors: ScheduledMonitors;
  clock: Clock;
  /** Names this process in claims (`claimedBy`). */
  workerId: string;
  /** Between ticks; default 1 s (a 6-field cron may fire every second). */
  tickMs?: number;
  /** A running run whose heartbeat is older than this is taken over by another scheduler; default 60 s. */
  leaseMs?: number;
  /** Scheduled times one tick claims per monitor after a pause (older ones are skipped); default 10. */
  maxCatchUp?: number;
  /** Claimed runs waiting behind a monitor's run in flight in this process, beyond which times are left to others; default 3. */
  maxQueued?: number;
  /** How often a run that lost a race with a run of the same monitor elsewhere tries again; default 3. */
  conflictRetries?: number;
  /** Finished runs are kept this long; default 7 days. */
  retentionMs?: number;
  log(level: 'debug' | 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
}

export interface TickSummary {
  claimed: number;
  retaken: number;
}

const purgeEveryMs = 3_600_000;

/**
 * Runs monitors on their cron schedules. Every process with a scheduler (`cairn server`,
 * `cairn worker`) ticks on its own; a scheduled time is run by whichever claims it first (an
 * insert under the (monitor, time) primary key), so it runs exactly once however many processes
 * there are. Runs of one monitor are chained within a process; across processes the monitor's
 * own commit check refuses a second concurrent run, which then tries again. A run whose process
 * stopped heartbeating past the lease is taken over and run again.
 */
export class MonitorScheduler {
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<TickSummary> | undefined;
  /** The newest scheduled time this process has looked at, per monitor. */
  private readonly seen = new Map<number, number>();
  /** Claimed runs in flight or queued here, by monitor; the chain runs them one after the other. */
  private readonly chains = new Map<number, { tail: Promise<void>; held: Set<number> }>();
  private readonly badSchedules = new Set<string>();
  private lastHeartbeat = Number.NEGATIVE_INFINITY;
  private lastPurge = Number.NEGATIVE_INFINITY;
  private stopping = false;

  constructor(private readonly options: MonitorSchedulerOptions) {}

  private get leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  /**
   * Ticks about every `tickMs` on a timer that does not keep the process alive. Each delay is
   * jittered (±25%) so that schedulers started together do not tick in lockstep, where the same
   * one would win every claim; a time a late tick passed over is still claimed (catch-up).
   */
  start(): void {
    if (this.timer) return;
    this.stopping = false;
    const tickMs = this.options.tickMs ?? 1_000;
    const schedule = () => {
      this.timer = setTimeout(() => {
        this.tick()
          .catch((error: unknown) => this.options.log('warn', 'monitor scheduler tick failed; retrying on the next tick', { err: error }))
          .finally(() => {
            if (!this.stopping) schedule();
          });
      }, tickMs * (0.75 + Math.random() * 0.5));
      this.timer.unref();
    };
    schedule();
  }

  /** Stops ticking and waits for the runs this process claimed. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
    await this.idle();
  }

  /** Resolves when every run claimed here so far has finished. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()].map((c) => c.tail));
  }

  /** One tick: renew leases, take over stuck runs, claim due times. Runs start in the background. */
  tick(): Promise<TickSummary> {
    this.ticking ??= this.pass().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async pass(): Promise<TickSummary> {
    const { runs, clock, workerId } = this.options;
    const now = clock.now();
    const summary: TickSummary = { claimed: 0, retaken: 0 };
    if (now - this.lastHeartbeat >= this.leaseMs / 3) {
      this.lastHeartbeat = now;
      const held = [...this.chains].flatMap(([monitorId, c]) => [...c.held].map((scheduledFor) => ({ monitorId, scheduledFor })));
      if (held.length > 0) await runs.heartbeat(held, workerId, now);
    }
    for (const run of await runs.stuck(now - this.leaseMs, 10)) {
      if (this.stopping || !(await runs.retake(run, workerId, now))) continue;
      summary.retaken += 1;
      this.options.log('warn', 'took over a monitor run whose process stopped renewing its lease', { monitorId: run.monitorId, scheduledFor: run.scheduledFor, previousHolder: run.claimedBy });
      this.enqueue(run.monitorId, run.scheduledFor);
    }
    for (const { monitorId, schedule, enabled } of await this.options.monitors.schedules()) {
      if (this.stopping) break;
      if (!enabled) {
        this.seen.delete(monitorId);
        continue;
      }
      summary.claimed += await this.claimDue(monitorId, schedule, now);
    }
    if (now - this.lastPurge >= purgeEveryMs) {
      this.lastPurge = now;
      await runs.purge(now - (this.options.retentionMs ?? 7 * 86_400_000));
    }
    return summary;
  }

  private async claimDue(monitorId: number, schedule: string, now: number): Promise<number> {
    let times: number[];
    try {
      times = dueTimes(schedule, this.seen.get(monitorId) ?? null, now, this.options.maxCatchUp ?? 10);
    } catch (error) {
      // Logged once per expression, not every second.
      if (!this.badSchedules.has(schedule)) this.options.log('warn', 'monitor schedule is not a valid cron expression; the monitor is not scheduled', { monitorId, schedule, err: error });
      this.badSchedules.add(schedule);
      return 0;
    }
    let claimed = 0;
    for (const time of times) {
      // Too much queued here: leave this time for another process (it is looked at again next tick).
      if ((this.chains.get(monitorId)?.held.size ?? 0) >= (this.options.maxQueued ?? 3)) break;
      this.seen.set(monitorId, time);
      if (!(await this.options.runs.claim(monitorId, time, this.options.workerId, now))) continue;
      claimed += 1;
      this.enqueue(monitorId, time);
    }
    return claimed;
  }

  private enqueue(monitorId: number, scheduledFor: number): void {
    const chain = this.chains.get(monitorId) ?? { tail: Promise.resolve(), held: new Set<number>() };
    chain.held.add(scheduledFor);
    this.chains.set(monitorId, chain);
    chain.tail = chain.tail
      .then(() => this.execute(monitorId, scheduledFor))
      .finally(() => {
        chain.held.delete(scheduledFor);
        if (chain.held.size === 0 && this.chains.get(monitorId) === chain) this.chains.delete(monitorId);
      });
  }

  private async execute(monitorId: number, scheduledFor: number): Promise<void> {
    const { runs, clock, workerId, log } = this.options;
    const retries = this.options.conflictRetries ?? 3;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const summary = await this.options.monitors.runDue(monitorId, scheduledFor);
        await runs.finish(monitorId, scheduledFor, workerId, { status: 'succeeded', summary }, clock.now());
        log('debug', 'monitor run finished', { monitorId, scheduledFor, ...summary });
        return;
      } catch (error) {
        // INVALID_STATE: a run of the same monitor in another process committed first; read again after it.
        if (error instanceof CairnError && error.code === 'INVALID_STATE' && attempt < retries) {
          await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1) + Math.floor(Math.random() * 100)));
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        log('warn', 'monitor run failed', { monitorId, scheduledFor, err: error });
        await runs.finish(monitorId, scheduledFor, workerId, { status: 'failed', error: message }, clock.now()).catch(() => undefined);
        return;
      }
    }
  }
}
