import type { BatchingSettings } from '../deployments/deployment.js';
import type { Tensor } from './tensor.js';
import { concatRequests, rowCount, splitOutputs, stackingKey } from './tensor-batch.js';

/** Runs a model once on (possibly stacked) inputs. */
export type BatchRun = (inputs: readonly Tensor[]) => Promise<Tensor[]>;

interface Waiting {
  inputs: readonly Tensor[];
  rows: number;
  stack: string;
  resolve(outputs: Tensor[]): void;
  reject(error: unknown): void;
}

interface Lane {
  queue: Waiting[];
  inFlight: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  scheduled: boolean;
  settings: BatchingSettings;
  run: BatchRun;
  onRun: (size: number) => void;
}

/**
 * Adaptive batching (docs/serving.md, "Adaptive batching"): per lane (one deployment's model
 * version), requests that arrive while a run of that model is in flight, or within `maxWaitMs` of
 * the first one waiting, are stacked along the first dimension up to `maxBatchSize` rows and run
 * once; the outputs are split back by each request's rows. Under light load a request waits at most
 * `maxWaitMs` (with 0, only for the requests already read in the same turn of the event loop); under
 * heavy load the batch fills while the previous run computes, so the wait pays for itself.
 *
 * The caller submits only requests already checked against the model's signature, of a model whose
 * inputs and outputs all have a dynamic first dimension (tensor-batch.ts `isBatchable`). If a
 * stacked run still fails, each of its requests is run again on its own, so one request's bad
 * input fails that request only.
 */
export class AdaptiveBatcher {
  private readonly lanes = new Map<string, Lane>();

  /** @param concurrency runs in flight per lane; more requests wait and join the next batch. */
  constructor(private readonly concurrency = 1) {}

  /**
   * Runs `inputs` on the lane's model, alone or stacked with others. `onRun` is told the number of
   * requests of every run made (1 for a run alone).
   */
  submit(key: string, settings: BatchingSettings, inputs: readonly Tensor[], run: BatchRun, onRun: (size: number) => void): Promise<Tensor[]> {
    const rows = rowCount(inputs);
    if (settings.maxBatchSize <= 1 || rows === undefined || rows === 0 || rows > settings.maxBatchSize) return runAlone(inputs, run, onRun);
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { queue: [], inFlight: 0, timer: undefined, scheduled: false, settings, run, onRun };
      this.lanes.set(key, lane);
    }
    // The newest revision's settings (and model, after a reload) apply from now on.
    lane.settings = settings;
    lane.run = run;
    lane.onRun = onRun;
    const waiting = new Promise<Tensor[]>((resolve, reject) => lane.queue.push({ inputs, rows, stack: stackingKey(inputs), resolve, reject }));
    this.schedule(key, lane);
    return waiting;
  }

  private schedule(key: string, lane: Lane): void {
    if (lane.inFlight >= this.concurrency) return; // the run in flight flushes the queue when it ends
    const queued = lane.queue.reduce((n, w) => n + w.rows, 0);
    if (queued >= lane.settings.maxBatchSize) {
      this.flush(key, lane);
      return;
    }
    if (lane.scheduled) return;
    lane.scheduled = true;
    const fire = () => {
      lane.scheduled = false;
      lane.timer = undefined;
      this.flush(key, lane);
    };
    // With no wait, the batch still gathers every request read in this turn of the event loop.
    if (lane.settings.maxWaitMs <= 0) setImmediate(fire);
    else lane.timer = setTimeout(fire, lane.settings.maxWaitMs);
  }

  private flush(key: string, lane: Lane): void {
    if (lane.timer !== undefined) clearTimeout(lane.timer);
    lane.timer = undefined;
    lane.scheduled = false;
    while (lane.inFlight < this.concurrency && lane.queue.length > 0) {
      const batch = takeBatch(lane.queue, lane.settings.maxBatchSize);
      lane.inFlight += 1;
      void this.runBatch(lane, batch).finally(() => {
        lane.inFlight -= 1;
        // Whatever arrived during the run has waited long enough: run it now.
        if (lane.queue.length > 0) this.flush(key, lane);
        else if (lane.inFlight === 0 && !lane.scheduled) this.lanes.delete(key);
      });
    }
  }

  private async runBatch(lane: Lane, batch: Waiting[]): Promise<void> {
    const { run, onRun } = lane;
    if (batch.length === 1) {
      const only = batch[0] as Waiting;
      await runAlone(only.inputs, run, onRun).then(only.resolve, only.reject);
      return;
    }
    let split: Tensor[][] | undefined;
    try {
      onRun(batch.length);
      split = splitOutputs(await run(concatRequests(batch.map((w) => w.inputs))), batch.map((w) => w.rows));
    } catch {
      split = undefined;
    }
    if (split !== undefined) {
      batch.forEach((w, i) => w.resolve(split?.[i] ?? []));
      return;
    }
    // The stacked run failed (or its outputs do not keep rows apart): each request on its own, so only a bad one fails.
    await Promise.all(batch.map((w) => runAlone(w.inputs, run, onRun).then(w.resolve, w.reject)));
  }
}

/** The first waiting request and those after it that stack with it, up to `maxRows` rows; the rest keep their places. */
function takeBatch(queue: Waiting[], maxRows: number): Waiting[] {
  const first = queue.shift() as Waiting;
  const batch = [first];
  let rows = first.rows;
  for (let i = 0; i < queue.length && rows < maxRows; ) {
    const next = queue[i] as Waiting;
    if (next.stack === first.stack && rows + next.rows <= maxRows) {
      batch.push(next);
      rows += next.rows;
      queue.splice(i, 1);
    } else {
      i += 1;
    }
  }
  return batch;
}

async function runAlone(inputs: readonly Tensor[], run: BatchRun, onRun: (size: number) => void): Promise<Tensor[]> {
  onRun(1);
  return run(inputs);
}
