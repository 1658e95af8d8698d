import type { LoggedTensor, PredictionRecord, PredictionSink, ShadowOutcome } from '../predictions/prediction.js';
import type { ShadowVersion } from '../deployments/deployment.js';
import { toLoggedTensors } from './logged-tensor.js';
import type { Tensor } from './tensor.js';

/** Runs one shadow version on the request (decoding the body against that version's signature). */
export type ShadowRun = (shadow: ShadowVersion) => Promise<Tensor[]>;

/** The logged prediction without its tensors and what the background work adds (the shadows). */
export type RecordHead = Omit<PredictionRecord, 'inputs' | 'outputs' | 'shadows'>;

export interface AfterAnswer {
  head: RecordHead;
  inputs: readonly Tensor[];
  outputs: readonly Tensor[];
  shadows: readonly ShadowVersion[];
  runShadow: ShadowRun;
  /** Whether this prediction is logged (sampling decided it); shadows run either way. */
  logged: boolean;
  sink: PredictionSink | undefined;
}

/**
 * The work after an answer: every shadow version runs the request, then the prediction (with the
 * shadows' outputs or errors) goes to the sink when it is logged. Started on a later turn of the
 * event loop, after the answer has been written, so neither shadows nor turning tensors into log
 * form delays the caller; under load one scheduled pass takes every prediction answered since the
 * last. Shadow outputs go to the log only, never to the caller.
 *
 * A shadow slower than the traffic it copies would otherwise pile up runs without bound: past
 * `maxShadowed` requests whose shadows are still running, further requests skip their shadows, and
 * each skipped shadow is logged with an error saying so (never silently).
 */
export class AfterAnswers {
  private pending: AfterAnswer[] = [];
  private shadowing = 0;

  constructor(private readonly maxShadowed = 1_000) {}

  add(work: AfterAnswer): void {
    if (work.shadows.length === 0 && (!work.logged || work.sink === undefined)) return;
    this.pending.push(work);
    if (this.pending.length === 1) setImmediate(() => this.drain());
  }

  private drain(): void {
    const due = this.pending;
    this.pending = [];
    for (const work of due) {
      // Most predictions have no shadows: logged right here, without a promise per prediction.
      if (work.shadows.length === 0) this.log(work, []);
      else void this.shadowThenLog(work);
    }
  }

  private async shadowThenLog(work: AfterAnswer): Promise<void> {
    const keep = work.logged && work.sink !== undefined;
    if (this.shadowing >= this.maxShadowed) {
      const error = `skipped: ${this.maxShadowed} requests were already running their shadows`;
      this.log(work, work.shadows.map((s) => ({ model: s.model, version: s.version, latencyMs: 0, outputs: null, error })));
      return;
    }
    this.shadowing += 1;
    let shadows: ShadowOutcome[];
    try {
      shadows = await Promise.all(work.shadows.map((shadow) => runShadow(shadow, work.runShadow, keep)));
    } finally {
      this.shadowing -= 1;
    }
    this.log(work, shadows);
  }

  private log(work: AfterAnswer, shadows: ShadowOutcome[]): void {
    if (!work.logged || work.sink === undefined) return;
    const record = recordOf(work.head, work, shadows);
    try {
      work.sink.record(record);
    } catch {
      // The sink promises not to throw; a broken one must still never reach a request.
    }
  }
}

async function runShadow(shadow: ShadowVersion, run: ShadowRun, keep: boolean): Promise<ShadowOutcome> {
  const started = performance.now();
  try {
    const outputs = await run(shadow);
    const logged: LoggedTensor[] | null = keep ? toLoggedTensors(outputs) : null;
    return { model: shadow.model, version: shadow.version, latencyMs: performance.now() - started, outputs: logged, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { model: shadow.model, version: shadow.version, latencyMs: performance.now() - started, outputs: null, error: message };
  }
}

/**
 * The record, field by field. An object spread of the head (`{ ...head, inputs, ... }`) took about
 * 3 µs on Node 20, its number fields sending the copy down V8's slow path on every call: more than
 * all the rest of logging does on the event loop. Listing the fields costs a few nanoseconds.
 */
function recordOf(head: RecordHead, tensors: Pick<AfterAnswer, 'inputs' | 'outputs'>, shadows: ShadowOutcome[]): PredictionRecord {
  return {
    id: head.id,
    time: head.time,
    deploymentId: head.deploymentId,
    deployment: head.deployment,
    projectId: head.projectId,
    revision: head.revision,
    model: head.model,
    version: head.version,
    inputs: tensors.inputs,
    outputs: tensors.outputs,
    latencyMs: head.latencyMs,
    shadows,
  };
}
