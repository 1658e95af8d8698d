import { onnxBytes, onnxType, type OnnxModel, type OnnxNode, type OnnxTensor } from '../../test/support/onnx/onnx-writer.js';
import { sampleTrees, treeEnsembleClassifierModel } from '../../test/support/onnx/tree-ensemble-models.js';
import { seededRandom } from './random.js';

/** Inputs of the tree-ensemble model of issue 4's serving targets. */
export const treeFeatures = 10;

/**
 * A tabular model of realistic size: 100 trees of depth 6 (64 leaves each) over 10 inputs, a binary
 * TreeEnsembleClassifier, about what XGBoost or LightGBM export for a mid-sized tabular problem
 * (their defaults are 100 trees of depth 6, and 31 leaves, respectively). The test suite's ensembles
 * are a handful of shallow trees, too small for a throughput figure to mean much. `seed` gives
 * distinct models of the same shape (the 200-model bench).
 */
export function treeEnsembleBytes(seed = 7, trees = 100, depth = 6): Uint8Array {
  return onnxBytes(treeEnsembleClassifierModel(sampleTrees({ features: treeFeatures, outputs: 2, count: trees, depth, seed })));
}

export interface DeepMlpShape {
  inputs: number;
  hidden: number;
  layers: number;
  outputs: number;
}

/**
 * The "model where batching pays" of issue 4: a MatMul/Add/Relu network with `layers` hidden layers of
 * `hidden` units (a deeper variant of test/support/onnx's `mlpModel`, whose single hidden layer would
 * need as many request inputs as it has units to carry as much weight). With 4 layers of 1024 units
 * the weights are about 12 MiB of float32 (three 1024 x 1024 matrices), more than the CPU's L2 cache. One row multiplies a
 * vector by each matrix: about 2 flops per weight loaded from L3 or memory, so the row is
 * memory-bound and costs about as much as streaming the 12 MiB. A batch of 64 rows reads each weight
 * once for 64 rows (a matrix-matrix product, compute-bound), so the cost per row falls several times
 * (in-process on the 2-vCPU bench VM: 0.52 ms for one row, 2.8 ms for 64, 12x less per row).
 * Small inputs and outputs (16 and 8) keep the JSON per request small: what batching saves is the
 * model's work, not parsing. Weights are seeded and scaled by 1/sqrt(fan-in) so activations stay finite.
 */
export function deepMlpModel(shape: DeepMlpShape, seed = 3): OnnxModel {
  const random = seededRandom(seed);
  const matrix = (name: string, rows: number, cols: number): OnnxTensor => {
    const values = new Float32Array(rows * cols);
    const scale = 1 / Math.sqrt(rows);
    for (let i = 0; i < values.length; i++) values[i] = (random() * 2 - 1) * scale;
    return { name, dataType: onnxType.FLOAT, dims: [rows, cols], rawData: new Uint8Array(values.buffer) };
  };
  const vector = (name: string, size: number): OnnxTensor => {
    const values = new Float32Array(size).map(() => (random() - 0.5) * 0.1);
    return { name, dataType: onnxType.FLOAT, dims: [size], rawData: new Uint8Array(values.buffer) };
  };
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let current = 'input';
  let width = shape.inputs;
  for (let layer = 0; layer < shape.layers; layer++) {
    initializers.push(matrix(`W${layer}`, width, shape.hidden), vector(`B${layer}`, shape.hidden));
    nodes.push(
      { opType: 'MatMul', inputs: [current, `W${layer}`], outputs: [`m${layer}`] },
      { opType: 'Add', inputs: [`m${layer}`, `B${layer}`], outputs: [`a${layer}`] },
      { opType: 'Relu', inputs: [`a${layer}`], outputs: [`h${layer}`] },
    );
    current = `h${layer}`;
    width = shape.hidden;
  }
  initializers.push(matrix('Wout', width, shape.outputs), vector('Bout', shape.outputs));
  nodes.push({ opType: 'MatMul', inputs: [current, 'Wout'], outputs: ['mout'] }, { opType: 'Add', inputs: ['mout', 'Bout'], outputs: ['output'] });
  return {
    graph: {
      name: 'deep-mlp',
      nodes,
      initializers,
      inputs: [{ name: 'input', type: { tensor: onnxType.FLOAT, shape: ['batch', shape.inputs] } }],
      outputs: [{ name: 'output', type: { tensor: onnxType.FLOAT, shape: ['batch', shape.outputs] } }],
    },
  };
}

export const batchingMlp: DeepMlpShape = { inputs: 16, hidden: 1024, layers: 4, outputs: 8 };

export const deepMlpBytes = (shape: DeepMlpShape = batchingMlp): Uint8Array => onnxBytes(deepMlpModel(shape));

/** `rows` deterministic rows of `features` values in [-2, 2), the range the trees' thresholds cover. */
export function sampleRows(rows: number, features: number, seed = 5): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: features }, () => Math.round((random() * 4 - 2) * 1000) / 1000));
}

/** An Open Inference Protocol request body of one row per request, as the targets say. */
export const oipRowBody = (row: readonly number[]): string =>
  JSON.stringify({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, row.length], data: row }] });
