import { describe, expect, it } from 'vitest';
import { estimateModelMemory, sessionOverheadBytes } from '../../../src/runtime/onnx/memory-estimate.js';
import { mlpModel } from '../../support/onnx/onnx-models.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { sampleTrees, treeEnsembleClassifierModel } from '../../support/onnx/tree-ensemble-models.js';

describe('model memory estimate', () => {
  it('counts a session overhead plus 1.6 times the file for dense weights', () => {
    const bytes = onnxBytes(mlpModel({ inputs: 64, hidden: 256, outputs: 8 }));
    expect(estimateModelMemory(bytes)).toBe(sessionOverheadBytes + Math.ceil(bytes.length * 1.6));
  });

  it('counts 9 times the file for an ONNX-ML tree ensemble, which the runtime unpacks', () => {
    const bytes = onnxBytes(treeEnsembleClassifierModel(sampleTrees({ features: 10, outputs: 2, count: 20, depth: 4 })));
    expect(estimateModelMemory(bytes)).toBe(sessionOverheadBytes + Math.ceil(bytes.length * 9));
  });
});
