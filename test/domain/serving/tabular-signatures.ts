import type { ModelSignature } from '../../../src/domain/registry/model-files.js';

/** An ONNX tabular model: one [-1, 3] input, columns by position. */
export const matrix: ModelSignature = {
  inputs: [{ name: 'float_input', datatype: 'FP32', shape: [-1, 3] }],
  outputs: [{ name: 'label', datatype: 'INT64', shape: [-1] }],
};

/** An MLflow column-based signature: one [-1] input per column. */
export const columns: ModelSignature = {
  inputs: [
    { name: 'age', datatype: 'FP64', shape: [-1] },
    { name: 'visits', datatype: 'INT64', shape: [-1] },
    { name: 'city', datatype: 'BYTES', shape: [-1] },
    { name: 'member', datatype: 'BOOL', shape: [-1] },
  ],
  outputs: [{ name: 'output-0', datatype: 'INT64', shape: [-1] }],
};

/** skl2onnx with one input per column: [-1, 1] each. */
export const perColumn: ModelSignature = {
  inputs: [
    { name: 'a', datatype: 'FP32', shape: [-1, 1] },
    { name: 'b', datatype: 'INT64', shape: [-1, 1] },
  ],
  outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
};
