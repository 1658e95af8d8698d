import type { RunsApi } from './runs-api.js';
import type { DatasetInput, MetricPoint, Run, RunStatus } from './types.js';

/** The server takes at most this many metrics (and 100 params or tags) per batch. */
const maxMetricsPerRequest = 1000;
const maxParamsPerRequest = 100;

export interface BatchingOptions {
  /** Buffered metrics are sent at least this often (ms). Default 1000. */
  flushIntervalMs?: number;
  /** A flush starts as soon as this many metrics are buffered. Default 1000. */
  maxBufferSize?: number;
  /** Called when a background flush fails; the error is also thrown by the next `flush()` or `end()`. */
  onError?: (error: unknown) => void;
}

/**
 * A run being logged to. Metrics are buffered and sent in batches, in the background (on a timer and
 * when the buffer is large), on `flush()` and on `end()`; params and tags are sent at once, so a
 * rejected value (e.g. a param changed after it was logged) fails the call that logged it.
 */
export class ActiveRun {
  readonly runId: string;
  private buffer: MetricPoint[] = [];
  private sending: Promise<void> = Promise.resolve();
  private failure: unknown = undefined;
  private ended = false;
  private readonly timer: NodeJS.Timeout;
  private readonly maxBufferSize: number;
  private readonly onError: ((error: unknown) => void) | undefined;

  /** `run` is the run as created; `runs.get(run.runId)` shows what was logged since. */
  constructor(
    readonly run: Run,
    private readonly runs: RunsApi,
    options: BatchingOptions = {},
  ) {
    this.runId = run.info.runId;
    this.maxBufferSize = Math.max(1, options.maxBufferSize ?? maxMetricsPerRequest);
    this.onError = options.onError;
    this.timer = setInterval(() => void this.startFlush().catch(() => undefined), options.flushIntervalMs ?? 1000);
    // A forgotten run must not keep the process alive; `end()` is what sends the last points.
    this.timer.unref();
  }

  /**
   * Buffers one metric value; it reaches the server with the next flush.
   * @example
   * for (let epoch = 0; epoch < 10; epoch++) run.logMetric('loss', 1 / (epoch + 1), { step: epoch });
   */
  logMetric(key: string, value: number, options: { step?: number; timestamp?: number } = {}): void {
    this.assertOpen();
    this.buffer.push({ key, value, timestamp: options.timestamp ?? Date.now(), step: options.step ?? 0 });
    if (this.buffer.length >= this.maxBufferSize) void this.startFlush().catch(() => undefined);
  }

  /**
   * Buffers several metrics measured at the same step.
   * @example
   * run.logMetrics({ loss: 0.31, accuracy: 0.92 }, { step: 3 });
   */
  logMetrics(values: Record<string, number>, options: { step?: number; timestamp?: number } = {}): void {
    const timestamp = options.timestamp ?? Date.now();
    for (const [key, value] of Object.entries(values)) this.logMetric(key, value, { ...options, timestamp });
  }

  /**
   * Sends every buffered metric and waits until the server has them; throws if a flush failed.
   * @example
   * run.logMetric('loss', 0.2);
   * await run.flush(); // now visible to other readers
   */
  async flush(): Promise<void> {
    await this.startFlush().catch(() => undefined);
    this.throwFailure();
  }

  /**
   * Logs a param (a value that never changes once logged).
   * @example
   * await run.logParam('learning_rate', 0.01);
   */
  logParam(key: string, value: string | number | boolean): Promise<void> {
    return this.logParams({ [key]: value });
  }

  /**
   * Logs several params.
   * @example
   * await run.logParams({ learning_rate: 0.01, max_depth: 6 });
   */
  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    this.assertOpen();
    const entries = Object.entries(params);
    for (let i = 0; i < entries.length; i += maxParamsPerRequest) {
      await this.runs.logBatch(this.runId, { params: Object.fromEntries(entries.slice(i, i + maxParamsPerRequest)) });
    }
  }

  /**
   * Sets (or overwrites) a tag.
   * @example
   * await run.setTag('stage', 'tuning');
   */
  setTag(key: string, value: string): Promise<void> {
    return this.setTags({ [key]: value });
  }

  /**
   * Sets several tags.
   * @example
   * await run.setTags({ stage: 'tuning', owner: 'ana' });
   */
  async setTags(tags: Record<string, string>): Promise<void> {
    this.assertOpen();
    const entries = Object.entries(tags);
    for (let i = 0; i < entries.length; i += maxParamsPerRequest) {
      await this.runs.logBatch(this.runId, { tags: Object.fromEntries(entries.slice(i, i + maxParamsPerRequest)) });
    }
  }

  /**
   * Records the datasets this run used.
   * @example
   * await run.logInputs([{ tags: [], dataset: { name: 'weather', digest: 'd41d8cd9', sourceType: 'local', source: 'data/weather.csv' } }]);
   */
  logInputs(datasets: DatasetInput[]): Promise<void> {
    this.assertOpen();
    return this.runs.logInputs(this.runId, datasets);
  }

  /**
   * Flushes buffered metrics, then ends the run with `status` (FINISHED by default). The run is ended
   * even if the flush failed; the flush error is thrown afterwards.
   * @example
   * try { await train(run); await run.end(); } catch (error) { await run.end('FAILED'); throw error; }
   */
  async end(status: RunStatus = 'FINISHED'): Promise<Run> {
    this.assertOpen();
    this.ended = true;
    clearInterval(this.timer);
    await this.startFlush().catch(() => undefined);
    const run = await this.runs.end(this.runId, status);
    this.throwFailure();
    return run;
  }

  /** Queues the current buffer behind earlier sends, so batches reach the server in logging order. */
  private startFlush(): Promise<void> {
    if (this.buffer.length > 0) {
      const points = this.buffer;
      this.buffer = [];
      this.sending = this.sending.then(() => this.send(points));
    }
    return this.sending;
  }

  private async send(points: MetricPoint[]): Promise<void> {
    try {
      for (let i = 0; i < points.length; i += maxMetricsPerRequest) {
        await this.runs.logBatch(this.runId, { metrics: points.slice(i, i + maxMetricsPerRequest) });
      }
    } catch (error) {
      // Keep the first failure for the caller; later sends still run so one bad batch does not stall the rest.
      this.failure ??= error;
      this.onError?.(error);
    }
  }

  private throwFailure(): void {
    const failure = this.failure;
    if (failure === undefined) return;
    this.failure = undefined;
    throw failure;
  }

  private assertOpen(): void {
    if (this.ended) throw new Error(`Run ${this.runId} has ended; start a new run to log more`);
  }
}
