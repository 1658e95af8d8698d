import { invalidState } from '../errors.js';
import type { Tensor } from './tensor.js';

/** The part of a loaded model that runs and frees native memory. */
export interface RunnableModel {
  run(inputs: readonly Tensor[]): Promise<Tensor[]>;
  release(): Promise<void>;
}

/**
 * Wraps a model so that `release` (from cache eviction) waits for the runs already in flight
 * instead of freeing the native session under them; runs that start after it answer INVALID_STATE,
 * which the inference service meets by loading the model again.
 */
export function drainingModel<M extends RunnableModel>(inner: M): M {
  let inFlight = 0;
  let released = false;
  let drained: (() => void) | undefined;
  const run = async (inputs: readonly Tensor[]): Promise<Tensor[]> => {
    if (released) throw invalidState('the model was unloaded; load it again');
    inFlight += 1;
    try {
      return await inner.run(inputs);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  };
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
    await inner.release();
  };
  // The other fields (signature, memory estimate) are read through to the inner model.
  return Object.assign(Object.create(inner) as M, { run, release });
}
