import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/domain/serving/tensor.js';
import { loadOnnxModel } from '../../../src/runtime/onnx/onnx-model.js';
import { onnxBytes } from '../../support/onnx/onnx-writer.js';
import { sampleTrees, treeEnsembleClassifierModel, treeEnsembleRegressorModel, treeScores } from '../../support/onnx/tree-ensemble-models.js';
import { expectClose, sampleRows, softmax, uniqueArgmax } from './hand-math.js';

const rowsTensor = (rows: number[][]): Tensor => ({ name: 'input', datatype: 'FP32', shape: [rows.length, rows[0]!.length], data: Float32Array.from(rows.flat()) });

describe('ONNX-ML tree ensembles through the adapter', () => {
  const ensemble = sampleTrees({ features: 10, outputs: 3, count: 20, depth: 4 });
  const rows = sampleRows(16, 10);
  const scores = treeScores(ensemble, rows);

  it('a TreeEnsembleClassifier with 10 inputs gives the scores and labels the trees give by hand', async () => {
    const model = await loadOnnxModel(onnxBytes(treeEnsembleClassifierModel(ensemble)));
    expect(model.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 10] }]);
    const [label, probabilities] = await model.run([rowsTensor(rows)]);
    expect(probabilities).toMatchObject({ datatype: 'FP32', shape: [16, 3] });
    expectClose(probabilities!.data as Float32Array, scores.flat());
    expect(label).toMatchObject({ datatype: 'INT64', shape: [16] });
    const labels = Array.from(label!.data as BigInt64Array, Number);
    const decided = scores.map(uniqueArgmax);
    // Rows whose top score is shared have no single right label; most rows have one.
    expect(decided.filter((c) => c >= 0).length).toBeGreaterThan(rows.length / 2);
    decided.forEach((c, i) => c >= 0 && expect(labels[i]).toBe(c));
  });

  it('applies a SOFTMAX post transform and base values like the spec says', async () => {
    const withBase = { ...ensemble, baseValues: [0.5, -0.25, 0] };
    const model = await loadOnnxModel(onnxBytes(treeEnsembleClassifierModel(withBase, 'SOFTMAX')));
    const [, probabilities] = await model.run([rowsTensor(rows)]);
    expectClose(probabilities!.data as Float32Array, softmax(treeScores(withBase, rows)).flat());
  });

  it('a TreeEnsembleRegressor sums the leaves each row reaches', async () => {
    const regression = sampleTrees({ features: 10, outputs: 1, count: 30, depth: 3, seed: 11 });
    const model = await loadOnnxModel(onnxBytes(treeEnsembleRegressorModel(regression)));
    const [variable] = await model.run([rowsTensor(rows)]);
    expect(variable).toMatchObject({ name: 'variable', datatype: 'FP32', shape: [16, 1] });
    expectClose(variable!.data as Float32Array, treeScores(regression, rows).flat());
  });

  it('answers one row at a time the same as in a batch', async () => {
    const model = await loadOnnxModel(onnxBytes(treeEnsembleClassifierModel(ensemble)));
    for (const [i, row] of rows.slice(0, 4).entries()) {
      const [, probabilities] = await model.run([rowsTensor([row])]);
      expectClose(probabilities!.data as Float32Array, scores[i]!);
    }
  });
});
