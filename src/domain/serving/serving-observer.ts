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

/**
 * What the inference path reports as it serves: Prometheus metrics and the per-deployment live
 * statistics implement it. Calls are synchronous and cheap; they never throw.
 */
export interface ServingObserver {
  request(request: ServedRequest): void;
  batch(batch: ServedBatch): void;
}
