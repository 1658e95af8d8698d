import { onnxBytes, onnxType, type OnnxModel } from './onnx-writer.js';

/**
 * Small ONNX models for tests (registry signatures now, serving later). Weights are deterministic
 * so that expected outputs can be computed by hand.
 */

export interface LinearShape {
  features: number;
  classes: number;
  /** Row-major [features][classes]; a fixed pattern by default. */
  weights?: number[];
  bias?: number[];
}

export const pattern = (n: number, scale: number) => Array.from({ length: n }, (_, i) => Math.round((((i % 7) - 3) * scale) * 1000) / 1000);

/** [rows][cols] row-major -> [cols][rows]. */
function transpose(values: readonly number[], rows: number, cols: number): number[] {
  return Array.from({ length: rows * cols }, (_, i) => values[(i % rows) * cols + Math.floor(i / rows)] as number);
}

/** `probabilities = Softmax(input · W + B)` from standard operators (opset 13). Input `input` [batch, features]. */
export function linearClassifierModel(shape: LinearShape): OnnxModel {
  const { features, classes } = shape;
  const weights = shape.weights ?? pattern(features * classes, 0.25);
  const bias = shape.bias ?? pattern(classes, 0.1);
  return {
    graph: {
      name: 'linear-classifier',
      nodes: [
        { opType: 'MatMul', inputs: ['input', 'W'], outputs: ['logits0'], name: 'matmul' },
        { opType: 'Add', inputs: ['logits0', 'B'], outputs: ['logits'], name: 'add' },
        { opType: 'Softmax', inputs: ['logits'], outputs: ['probabilities'], name: 'softmax', attributes: { axis: 1 } },
      ],
      initializers: [
        { name: 'W', dataType: onnxType.FLOAT, dims: [features, classes], floatData: weights },
        { name: 'B', dataType: onnxType.FLOAT, dims: [classes], floatData: bias },
      ],
      inputs: [{ name: 'input', type: { tensor: onnxType.FLOAT, shape: ['batch', features] } }],
      outputs: [{ name: 'probabilities', type: { tensor: onnxType.FLOAT, shape: ['batch', classes] } }],
    },
  };
}

/** ONNX-ML `LinearClassifier` with a softmax, computing the same as `linearClassifierModel` for the same shape: outputs `label` (INT64 [N]) and `probabilities` (FP32 [N, classes]). */
export function mlLinearClassifierModel(shape: LinearShape): OnnxModel {
  const { features, classes } = shape;
  return {
    opsets: { '': 13, 'ai.onnx.ml': 1 },
    graph: {
      name: 'ml-linear-classifier',
      nodes: [
        {
          opType: 'LinearClassifier',
          domain: 'ai.onnx.ml',
          inputs: ['input'],
          outputs: ['label', 'probabilities'],
          name: 'linear',
          attributes: {
            // ONNX-ML lays coefficients out per class, [classes][features]: the transpose of W.
            coefficients: { floats: transpose(shape.weights ?? pattern(features * classes, 0.25), features, classes) },
            intercepts: { floats: shape.bias ?? pattern(classes, 0.1) },
            classlabels_ints: { ints: Array.from({ length: classes }, (_, i) => i) },
            multi_class: 0,
            post_transform: 'SOFTMAX',
          },
        },
      ],
      inputs: [{ name: 'input', type: { tensor: onnxType.FLOAT, shape: ['N', features] } }],
      outputs: [
        { name: 'label', type: { tensor: onnxType.INT64, shape: ['N'] } },
        { name: 'probabilities', type: { tensor: onnxType.FLOAT, shape: ['N', classes] } },
      ],
    },
  };
}

/** A two-layer perceptron: `Relu(input · W1 + B1) · W2 + B2`. */
export function mlpModel(sizes: { inputs: number; hidden: number; outputs: number }): OnnxModel {
  const { inputs, hidden, outputs } = sizes;
  return {
    graph: {
      name: 'mlp',
      nodes: [
        { opType: 'MatMul', inputs: ['input', 'W1'], outputs: ['h0'] },
        { opType: 'Add', inputs: ['h0', 'B1'], outputs: ['h1'] },
        { opType: 'Relu', inputs: ['h1'], outputs: ['h'] },
        { opType: 'MatMul', inputs: ['h', 'W2'], outputs: ['o0'] },
        { opType: 'Add', inputs: ['o0', 'B2'], outputs: ['output'] },
      ],
      initializers: [
        { name: 'W1', dataType: onnxType.FLOAT, dims: [inputs, hidden], floatData: pattern(inputs * hidden, 0.2) },
        { name: 'B1', dataType: onnxType.FLOAT, dims: [hidden], floatData: pattern(hidden, 0.05) },
        { name: 'W2', dataType: onnxType.FLOAT, dims: [hidden, outputs], floatData: pattern(hidden * outputs, 0.3) },
        { name: 'B2', dataType: onnxType.FLOAT, dims: [outputs], floatData: pattern(outputs, 0.05) },
      ],
      inputs: [{ name: 'input', type: { tensor: onnxType.FLOAT, shape: ['batch', inputs] } }],
      outputs: [{ name: 'output', type: { tensor: onnxType.FLOAT, shape: ['batch', outputs] } }],
    },
  };
}

/** Bytes of the default linear classifier (4 features, 3 classes). */
export function linearClassifierBytes(shape: LinearShape = { features: 4, classes: 3 }): Uint8Array {
  return onnxBytes(linearClassifierModel(shape));
}
