import type { Tensor } from '../serving/tensor.js';

/**
 * A tensor as a prediction log keeps it: plain JSON (INT64/UINT64 as numbers when safe, else as
 * decimal strings), so a logged prediction reads back without the runtime's typed arrays.
 */
export interface LoggedTensor {
  name: string;
  datatype: string;
  shape: number[];
  data: (number | string | boolean)[];
}

/** What one shadow version made of a request: its outputs, or why it failed. Never returned to the caller. */
export interface ShadowOutcome {
  model: string;
  version: number;
  latencyMs: number;
  outputs: LoggedTensor[] | null;
  error: string | null;
}

/**
 * One served request, as handed to the log (docs/serving.md, "Traceable predictions"). The tensors
 * are the ones serving held, typed arrays and all: the store turns them into its stored form
 * (tensor-log-codec.ts) when it writes, so the request path formats none of their values.
 */
export interface PredictionRecord {
  /** The id returned to the caller (x-prediction-id), a UUID. */
  id: string;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  deploymentId: number;
  deployment: string;
  projectId: number;
  /** The deployment revision that routed the request. */
  revision: number;
  /** The model version that answered. */
  model: string;
  version: number;
  inputs: readonly Tensor[];
  outputs: readonly Tensor[];
  /** From the request's arrival to its answer being ready, in milliseconds. */
  latencyMs: number;
  shadows: ShadowOutcome[];
}

/**
 * Where the inference path hands predictions to be logged. `record` never blocks and never throws:
 * a full queue drops the record and counts the drop (docs/serving.md).
 */
export interface PredictionSink {
  record(prediction: PredictionRecord): void;
}
