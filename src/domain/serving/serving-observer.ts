/** One answered (or failed) inference request, as metrics and live statistics count it. */
export interface ServedRequest {
  deployment: string;
  /** Empty when the request failed before a version was chosen (e.g. an unknown deployment). */
  model: string;
  version: string;
  ok: boolean;
  latencyMs: number;
}

/** One run of a model on a group of requests (1 when batching is off). */
export interface ServedBatch {
  deployment: string;
  model: string;
  version: string;
  size: number;
}

/** A model version loaded into this process, or evicted from it to stay within the memory budget. */
export interface ModelEvent {
  model: string;
  version: string;
  /** The estimate the memory budget counts. */
  memoryBytes: number;
  /** Wall time of the load (reading the file included); on loads only. */
  loadMs?: number;
}

/**
 * What the inference path reports as it serves: Prometheus metrics and the per-deployment live
 * statistics implement it. Calls are synchronous and cheap; they never throw.
 */
export interface ServingObserver {
  request(request: ServedRequest): void;
  batch(batch: ServedBatch): void;
  modelLoaded?(event: ModelEvent): void;
  modelEvicted?(event: ModelEvent): void;
}

/** Every call reaches every observer, in order; one that throws does not stop the others. */
export function compositeObserver(...observers: ServingObserver[]): ServingObserver {
  const each = (call: (observer: ServingObserver) => void) => {
    for (const observer of observers) {
      try {
        call(observer);
      } catch {
        // Observers never throw by contract; a bug in one must not fail the request.
      }
    }
  };
  return {
    request: (request) => each((o) => o.request(request)),
    batch: (batch) => each((o) => o.batch(batch)),
    modelLoaded: (event) => each((o) => o.modelLoaded?.(event)),
    modelEvicted: (event) => each((o) => o.modelEvicted?.(event)),
  };
}
