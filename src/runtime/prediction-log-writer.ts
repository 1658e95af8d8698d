import { Counter, Gauge, type Registry } from 'prom-client';
import type { PredictionRecord, PredictionSink } from '../domain/predictions/prediction.js';
import type { PredictionStore } from '../domain/predictions/prediction-store.js';

export interface PredictionLogWriterOptions {
  store: Pick<PredictionStore, 'insert'>;
  /** Records held in memory at most, waiting or being written; beyond it records are dropped. Default 10,000. */
  capacity?: number;
  /**
   * Records per insert; a full batch is written at once. Default 100: SQLite writes on the event
   * loop, and 500 rows held every request up for 10-25 ms (the logged p99); 100 take about 1 ms.
   */
  batchSize?: number;
  /** How often a partial batch is written. Default 200 ms. */
  intervalMs?: number;
  /** Where the drop counter and the queue gauge are registered. */
  metrics?: Registry;
  /** A failed write; its records are counted as dropped. */
  onError?: (error: unknown, records: number) => void;
}

/**
 * The background writer of the prediction log. `record` only appends to a bounded in-memory queue:
 * it never waits on the database and never throws. One write runs at a time, so a slow database
 * shows as a growing queue, and once the queue is full further records are dropped and counted
 * (per deployment, and in `cairn_prediction_log_dropped_total`) instead of blocking requests or
 * growing memory without bound. What a process holds when it dies is lost; `close()` writes it first.
 */
export class PredictionLogWriter implements PredictionSink {
  private readonly capacity: number;
  private readonly batchSize: number;
  private pending: PredictionRecord[] = [];
  private inFlight = 0;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private droppedTotal = 0;
  private readonly droppedBy = new Map<string, number>();
  private droppedCounter: Counter<'deployment'> | undefined;

  constructor(private readonly options: PredictionLogWriterOptions) {
    this.capacity = Math.max(1, options.capacity ?? 10_000);
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    if (options.metrics) this.registerMetrics(options.metrics);
  }

  /** Adds the drop counter and the queue gauge to `registry` (once). */
  registerMetrics(registry: Registry): void {
    if (this.droppedCounter) return;
    this.droppedCounter = new Counter({
      name: 'cairn_prediction_log_dropped_total',
      help: 'Predictions not logged: the log queue was full or their write failed',
      labelNames: ['deployment'],
      registers: [registry],
    });
    // Counted before the counter existed: carried over so the total stays whole.
    for (const [deployment, count] of this.droppedBy) this.droppedCounter.inc({ deployment }, count);
    const writer = this;
    new Gauge({
      name: 'cairn_prediction_log_queued',
      help: 'Predictions waiting in this process to be written to the log',
      registers: [registry],
      collect() {
        this.set(writer.queued);
      },
    });
  }

  /** Records waiting or being written. */
  get queued(): number {
    return this.pending.length + this.inFlight;
  }

  /** Records dropped since the process started. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** Records of one deployment dropped since the process started. */
  droppedFor(deployment: string): number {
    return this.droppedBy.get(deployment) ?? 0;
  }

  record(prediction: PredictionRecord): void {
    try {
      if (this.closed || this.queued >= this.capacity) {
        this.drop(prediction.deployment, 1);
        return;
      }
      this.pending.push(prediction);
      if (this.pending.length >= this.batchSize) void this.write(false);
    } catch {
      // The contract: recording never throws into the inference path.
    }
  }

  /** Writes partial batches on an interval that does not keep the process alive. */
  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      if (!this.writing && this.pending.length > 0) void this.write(true);
    }, this.options.intervalMs ?? 200);
    this.timer.unref();
  }

  /** Writes everything queued when called (after the write in flight); for tests and shutdown. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.pending.length > 0) await this.write(true);
  }

  /** Stops taking records and writes what is queued. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Starts the single writing loop, or joins the one running. Never rejects. */
  private write(all: boolean): Promise<void> {
    this.writing ??= this.drain(all).finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  /**
   * Writes full batches while there are any; with `all`, also the records queued at the start
   * (bounded, so a steady stream cannot keep one flush going forever).
   */
  private async drain(all: boolean): Promise<void> {
    let owed = all ? this.pending.length : 0;
    while (this.pending.length >= this.batchSize || (owed > 0 && this.pending.length > 0)) {
      const batch = this.pending.splice(0, this.batchSize);
      owed -= batch.length;
      this.inFlight = batch.length;
      try {
        await this.options.store.insert(batch);
      } catch (error) {
        for (const [deployment, count] of countByDeployment(batch)) this.drop(deployment, count);
        try {
          this.options.onError?.(error, batch.length);
        } catch {
          // A failing logger must not stop the writer.
        }
      } finally {
        this.inFlight = 0;
      }
      // SQLite writes on the event loop: a turn between batches lets requests in, so a backlog
      // never holds them up for more than one batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private drop(deployment: string, count: number): void {
    this.droppedTotal += count;
    this.droppedBy.set(deployment, (this.droppedBy.get(deployment) ?? 0) + count);
    this.droppedCounter?.inc({ deployment }, count);
  }
}

function countByDeployment(batch: readonly PredictionRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of batch) counts.set(p.deployment, (counts.get(p.deployment) ?? 0) + 1);
  return counts;
}
