import type { TensorSpec } from '../registry/model-files.js';
import { shapeSize, type Tensor } from './tensor.js';
import { servableDatatype } from './tensor-shape.js';
import { toTensorData } from './tensor-values.js';
import type { ServingTarget } from './traffic-router.js';

/** What warm swapping needs of the model cache. */
export interface WarmableModels {
  /** Whether the version's model is loaded now. */
  isLoaded(target: ServingTarget): boolean;
  /** Loads the version's model and runs it once, so its first real request is not its slowest. */
  warm(target: ServingTarget): Promise<void>;
}

/**
 * Warm before swap for deployments that follow an alias (docs/serving.md, "Warm swap"). When the
 * alias moves to a version that is not loaded while the version served so far is, requests keep
 * going to the previous version while the new one loads and runs once in the background; the
 * switch happens when it is ready, so no request waits for a load or fails during the swap. With
 * nothing loaded (a cold start, or the previous version was evicted) there is nothing to keep
 * serving, and the new version is loaded directly. A failed background load is forgotten: the next
 * request tries again, and the previous version serves meanwhile.
 */
export class WarmSwap {
  private readonly serving = new Map<string, { version: number; pending: number | undefined }>();

  constructor(private readonly models: WarmableModels) {}

  /** The version to serve now for deployment `deployment` whose alias on `model` points at `current`. */
  choose(deployment: string, model: string, current: number): number {
    const key = `${deployment}\u0000${model}`;
    const state = this.serving.get(key);
    const warming = state?.pending === current;
    if (state === undefined || state.version === current || (!warming && this.models.isLoaded({ model, version: current })) || !this.models.isLoaded({ model, version: state.version })) {
      this.serving.set(key, { version: current, pending: undefined });
      return current;
    }
    if (state.pending !== current) {
      state.pending = current;
      // Only the warm-up the state still waits for may switch (the alias may have moved again meanwhile).
      const stillWaiting = () => this.serving.get(key) === state && state.pending === current;
      this.models.warm({ model, version: current }).then(
        () => {
          if (stillWaiting()) this.serving.set(key, { version: current, pending: undefined });
        },
        () => {
          if (stillWaiting()) state.pending = undefined;
        },
      );
    }
    return state.version;
  }
}

/** Zero inputs shaped from a signature (each -1 dimension 1, an unknown shape a single element): the warm-up request. */
export function zeroInputs(inputs: readonly TensorSpec[]): Tensor[] {
  return inputs.map((spec) => {
    const shape = spec.shape === null ? [1] : spec.shape.map((d) => (d < 0 ? 1 : d));
    const datatype = servableDatatype(spec);
    const zero = datatype === 'BOOL' ? false : datatype === 'BYTES' ? '' : 0;
    return { name: spec.name, datatype, shape, data: toTensorData(spec.name, datatype, new Array<unknown>(shapeSize(shape)).fill(zero)) };
  });
}
