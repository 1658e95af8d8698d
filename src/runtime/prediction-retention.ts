import type { Clock } from '../domain/clock.js';
import type { PredictionStore } from '../domain/predictions/prediction-store.js';

export interface PredictionRetentionOptions {
  store: Pick<PredictionStore, 'retentionTargets' | 'purge'>;
  clock: Clock;
  /** Between passes; default one hour. */
  intervalMs?: number;
  /** Rows per delete statement; default 1,000. */
  chunk?: number;
  onError?: (error: unknown) => void;
}

export interface RetentionSummary {
  /** Rows deleted because they were older than their deployment's retention. */
  expired: number;
  /** Rows deleted because their deployment no longer exists. */
  orphaned: number;
}

const dayMs = 86_400_000;

/**
 * Deletes logged predictions older than the current revision's `logging.retentionDays` of their
 * deployment, and every prediction of a deleted deployment (reads stop showing those at once; the
 * rows go on the next pass, so deleting a deployment never waits on its log). Deletes run in
 * bounded chunks. Several replicas may run passes at once: deleting is idempotent.
 */
export class PredictionRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RetentionSummary> | undefined;

  constructor(private readonly options: PredictionRetentionOptions) {}

  /** A pass now, then one per interval; the timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    const pass = () => {
      if (this.running) return;
      this.runOnce().catch((error: unknown) => this.options.onError?.(error));
    };
    this.timer = setInterval(pass, this.options.intervalMs ?? 3_600_000);
    this.timer.unref();
    pass();
  }

  /** Stops the timer and waits for a pass in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over every deployment with logged predictions; a pass never overlaps another. */
  runOnce(): Promise<RetentionSummary> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<RetentionSummary> {
    const { store, clock } = this.options;
    const chunk = this.options.chunk ?? 1_000;
    const now = clock.now();
    const summary: RetentionSummary = { expired: 0, orphaned: 0 };
    for (const target of await store.retentionTargets()) {
      const before = target.retentionDays === null ? null : now - target.retentionDays * dayMs;
      let deleted: number;
      do {
        deleted = await store.purge(target.deploymentId, before, chunk);
        if (before === null) summary.orphaned += deleted;
        else summary.expired += deleted;
      } while (deleted >= chunk);
    }
    return summary;
  }
}
