import { estimateModelMemory } from './memory-estimate.js';
import { performance } from 'node:perf_hooks';
import { InferenceSession, type Tensor as OrtTensor } from 'onnxruntime-node';
import { invalidArgument, invalidState, limitExceeded } from '../../domain/errors.js';
import type { TensorSpec } from '../../domain/registry/model-files.js';
import type { Tensor } from '../../domain/serving/tensor.js';
import { datatypeOfOrt, fromOrtTensor, toOrtTensor } from './onnx-tensors.js';

/** A model file's bytes: in memory already, or streamed from the blob store. */
export type ModelBytes = Uint8Array | AsyncIterable<Uint8Array>;

export interface OnnxLoadOptions {
  /**
   * Threads one inference may use (onnxruntime's intra-op pool); 1 by default. The serving models
   * are small (trees, linear models, small nets) and a request is a few rows: splitting one of them
   * across threads costs more in hand-offs than it saves, and on a 2-core machine a second thread per
   * session would fight the event loop and every other session. Throughput comes from batching and
   * from many requests running at once; raise this only for a large model served alone.
   */
  intraOpThreads?: number;
  /**
   * onnxruntime-node cannot return sequence or map outputs, such as scikit-learn classifiers'
   * `output_probability` from ZipMap. 'reject' (default) refuses such a model at load with a
   * message saying how to export it; 'omit' serves its tensor outputs only and lists the others.
   */
  nonTensorOutputs?: 'reject' | 'omit';
  /** Largest model accepted; protobuf itself caps a model file at 2 GiB. */
  maxBytes?: number;
}

/** A loaded model, ready to run. Safe to run concurrently: onnxruntime sessions are thread-safe. */
export interface OnnxModel {
  readonly inputs: TensorSpec[];
  /** The outputs `run` returns. */
  readonly outputs: TensorSpec[];
  /** Non-tensor outputs left out under `nonTensorOutputs: 'omit'`. */
  readonly omittedOutputs: string[];
  /** Wall time to read the bytes and build the session. */
  readonly loadMs: number;
  readonly modelBytes: number;
  /**
   * What the model is expected to hold in memory (memory-estimate.ts): a per-session overhead plus
   * a multiple of the file size measured per kind of model. An estimate for a memory budget, not a
   * measurement: the RSS delta of one load is too noisy while other models load and run beside it.
   */
  readonly estimatedMemoryBytes: number;
  /** Named inputs in, named outputs (shape as the runtime produced it) out. */
  run(inputs: readonly Tensor[]): Promise<Tensor[]>;
  /** Frees the session's native memory; the model cannot run afterwards. */
  release(): Promise<void>;
}

const protobufLimit = 2 ** 31 - 1;

export async function loadOnnxModel(source: ModelBytes, options: OnnxLoadOptions = {}): Promise<OnnxModel> {
  const started = performance.now();
  const bytes = await readAll(source, options.maxBytes ?? protobufLimit);
  if (bytes.length === 0) throw invalidArgument('not a loadable ONNX model: the file is empty');
  const threads = options.intraOpThreads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw invalidArgument(`intraOpThreads must be a positive integer, got ${threads}`);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Warnings (e.g. unused initializers) would go to stderr on every load, outside the logger.
      logSeverityLevel: 3,
    });
  } catch (error) {
    throw invalidArgument(`not a loadable ONNX model: ${messageOf(error)}`);
  }
  const omitted = session.outputMetadata.filter((m) => !m.isTensor).map((m) => m.name);
  if (omitted.length > 0 && (options.nonTensorOutputs ?? 'reject') === 'reject') {
    await session.release();
    throw invalidArgument(
      `output${omitted.length > 1 ? 's' : ''} ${omitted.map((n) => `'${n}'`).join(', ')} ${omitted.length > 1 ? 'are' : 'is a'} ` +
        'sequence or map (e.g. from ZipMap), which the ONNX runtime cannot return; export the model without ZipMap ' +
        "(skl2onnx: options={'zipmap': False}) to get probabilities as a tensor",
    );
  }
  if (omitted.length === session.outputMetadata.length) {
    await session.release();
    throw invalidArgument('the model has no tensor outputs to serve');
  }
  const inputs = session.inputMetadata.map(specOf);
  const outputs = session.outputMetadata.filter((m) => m.isTensor).map(specOf);
  const fetches = outputs.map((o) => o.name);
  let released = false;
  return {
    inputs,
    outputs,
    omittedOutputs: omitted,
    loadMs: performance.now() - started,
    modelBytes: bytes.length,
    estimatedMemoryBytes: estimateModelMemory(bytes),
    async run(given) {
      // Checked here so that a caller racing an unload gets a state error, not a blame on its inputs.
      if (released) throw invalidState('the model was unloaded');
      const feeds = feedsFor(given, inputs);
      let results: InferenceSession.ReturnType;
      try {
        results = await session.run(feeds, fetches);
      } catch (error) {
        // The checks above catch the usual mistakes; what the runtime still refuses is about the
        // inputs' values or shapes (e.g. a dimension an operator cannot take), so it is the caller's.
        throw invalidArgument(`the model refused the inputs: ${messageOf(error)}`);
      }
      return fetches.map((name) => fromOrtTensor(name, results[name] as OrtTensor));
    },
    async release() {
      if (released) return;
      released = true;
      await session.release();
    },
  };
}

/** Checks names, datatypes and ranks/fixed sizes against the model before the runtime sees them. */
function feedsFor(given: readonly Tensor[], inputs: readonly TensorSpec[]): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = {};
  const expected = new Map(inputs.map((spec) => [spec.name, spec]));
  for (const tensor of given) {
    const spec = expected.get(tensor.name);
    if (spec === undefined) {
      throw invalidArgument(`unknown input '${tensor.name}'; the model's inputs are ${inputs.map((i) => `'${i.name}'`).join(', ')}`);
    }
    if (tensor.name in feeds) throw invalidArgument(`input '${tensor.name}' is given twice`);
    if (tensor.datatype !== spec.datatype) throw invalidArgument(`input '${tensor.name}' is ${tensor.datatype}; the model expects ${spec.datatype}`);
    if (spec.shape !== null) {
      const fits = tensor.shape.length === spec.shape.length && spec.shape.every((d, i) => d === -1 || d === tensor.shape[i]);
      if (!fits) {
        throw invalidArgument(`input '${tensor.name}' has shape [${tensor.shape.join(', ')}]; the model expects [${spec.shape.join(', ')}] (-1: any size)`);
      }
    }
    feeds[tensor.name] = toOrtTensor(tensor);
  }
  const missing = inputs.filter((spec) => !(spec.name in feeds)).map((spec) => `'${spec.name}'`);
  if (missing.length > 0) throw invalidArgument(`missing input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return feeds;
}

function specOf(meta: InferenceSession.ValueMetadata): TensorSpec {
  if (!meta.isTensor) return { name: meta.name, datatype: 'non-tensor', shape: null };
  return { name: meta.name, datatype: datatypeOfOrt(meta.type), shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)) };
}

async function readAll(source: ModelBytes, maxBytes: number): Promise<Uint8Array> {
  if (source instanceof Uint8Array) {
    if (source.length > maxBytes) throw tooLarge(maxBytes);
    return source;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    // Stop reading at the limit rather than after buffering a file that can never load.
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

const tooLarge = (maxBytes: number) => limitExceeded(`the model file is larger than ${maxBytes} bytes`);

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim();
}
