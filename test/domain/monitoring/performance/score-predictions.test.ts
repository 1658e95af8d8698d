import { describe, expect, it } from 'vitest';
import { scorePredictions } from '../../../../src/domain/monitoring/performance/score-predictions.js';
import { trainingBaseline } from '../../../../src/domain/monitoring/performance/training-baseline.js';
import type { LoggedTensor } from '../../../../src/domain/predictions/prediction.js';

const y = [1, 0, 1, 1, 0, 1, 0, 0, 1, 0];
const scores = [0.9, 0.2, 0.4, 0.8, 0.3, 0.7, 0.6, 0.1, 0.95, 0.55];
const tensor = (name: string, datatype: string, shape: number[], data: LoggedTensor['data']): LoggedTensor => ({ name, datatype, shape, data });

describe('scorePredictions (classification)', () => {
  it('derives classes from one probability column at p >= 0.5 and scores the sheet vector', () => {
    const rows = y.map((label, i) => ({ outputs: [tensor('probability', 'FP32', [1, 1], [scores[i]!])], label }));
    const result = scorePredictions({ kind: 'classification' }, rows);
    expect(result.labelled).toBe(10);
    expect(result.metrics.accuracy).toBeCloseTo(0.7, 12);
    expect(result.metrics.precision).toBeCloseTo(0.666667, 6);
    expect(result.metrics.roc_auc).toBeCloseTo(0.92, 12);
    expect(result.metrics.log_loss).toBeCloseTo(0.405274, 6);
  });

  it('reads the label and the two-column probabilities of a scikit-learn style model', () => {
    const rows = y.map((label, i) => ({
      outputs: [tensor('label', 'INT64', [1], [scores[i]! >= 0.5 ? 1 : 0]), tensor('probabilities', 'FP32', [1, 2], [1 - scores[i]!, scores[i]!])],
      label: String(label),
    }));
    const result = scorePredictions({ kind: 'classification' }, rows);
    expect(result.metrics.f1).toBeCloseTo(0.727273, 6);
    expect(result.metrics.roc_auc).toBeCloseTo(0.92, 12);
    expect(result.perClass?.map((p) => p.label)).toEqual(['0', '1']);
  });

  it('uses the named outputs and positive label of the task', () => {
    const rows = [
      { outputs: [tensor('out', 'BYTES', [1], ['spam']), tensor('p', 'FP32', [1, 2], [0.9, 0.1])], label: 'spam' },
      { outputs: [tensor('out', 'BYTES', [1], ['ham']), tensor('p', 'FP32', [1, 2], [0.2, 0.8])], label: 'spam' },
      { outputs: [tensor('out', 'BYTES', [1], ['ham']), tensor('p', 'FP32', [1, 2], [0.3, 0.7])], label: 'ham' },
    ];
    const result = scorePredictions({ kind: 'classification', predictionOutput: 'out', probabilityOutput: 'p', positiveLabel: 'spam' }, rows);
    expect(result.metrics.precision).toBe(1);
    expect(result.metrics.recall).toBe(0.5);
    // Columns follow the sorted classes (ham, spam): spam scores 0.1 and 0.8 against 0.7.
    expect(result.metrics.roc_auc).toBe(0.5);
  });

  it('skips predictions of several rows and unreadable outputs, and counts them', () => {
    const rows = [
      { outputs: [tensor('label', 'INT64', [2], [1, 0])], label: 1 },
      { outputs: [tensor('other', 'INT64', [1], [1])], label: 1 },
      { outputs: [tensor('label', 'INT64', [1], [1])], label: 1 },
    ];
    const result = scorePredictions({ kind: 'classification', predictionOutput: 'label' }, rows);
    expect(result.labelled).toBe(1);
    expect(result.skipped).toBe(2);
    expect(result.notes?.[0]).toMatch(/2 labelled predictions skipped/);
  });

  it('leaves probability metrics out when the columns cannot be matched to classes', () => {
    const rows = [
      { outputs: [tensor('label', 'BYTES', [1], ['a']), tensor('probabilities', 'FP32', [1, 3], [0.5, 0.3, 0.2])], label: 'a' },
      { outputs: [tensor('label', 'BYTES', [1], ['b']), tensor('probabilities', 'FP32', [1, 3], [0.2, 0.5, 0.3])], label: 'a' },
    ];
    const result = scorePredictions({ kind: 'classification' }, rows);
    expect(result.metrics.accuracy).toBe(0.5);
    expect(result.metrics.roc_auc).toBeUndefined();
    expect(result.notes?.join()).toMatch(/3 probability columns/);
  });

  it('scores nothing for no rows', () => {
    expect(scorePredictions({ kind: 'classification' }, [])).toMatchObject({ labelled: 0, metrics: {} });
  });
});

describe('scorePredictions (regression)', () => {
  it('matches the sheet vector from logged outputs', () => {
    const rows = [3, 0.5, 2, 7].map((label, i) => ({ outputs: [tensor('variable', 'FP32', [1, 1], [[2.5, 1, 2, 8][i]!])], label }));
    const result = scorePredictions({ kind: 'regression' }, rows);
    expect(result.metrics.rmse).toBeCloseTo(0.612372, 6);
    expect(result.metrics.r2).toBeCloseTo(0.93531, 6);
  });

  it('skips non-numeric labels and non-finite predictions', () => {
    const rows = [
      { outputs: [tensor('y', 'FP64', [1], [1])], label: 'cat' },
      { outputs: [tensor('y', 'FP64', [1], ['NaN'])], label: 2 },
      { outputs: [tensor('y', 'FP64', [1], [2])], label: '3' },
    ];
    const result = scorePredictions({ kind: 'regression', predictionOutput: 'y' }, rows);
    expect(result).toMatchObject({ labelled: 1, skipped: 2, metrics: { mae: 1 } });
  });
});

describe('trainingBaseline', () => {
  it('reads metric names, aliases and prefixes, preferring held-out scores', () => {
    const baseline = trainingBaseline([
      { key: 'training_accuracy_score', value: 0.99 },
      { key: 'test_accuracy', value: 0.91 },
      { key: 'training_f1_score', value: 0.8 },
      { key: 'val_mean_absolute_percentage_error', value: 0.125 },
      { key: 'loss', value: 3 },
      { key: 'AUC', value: 0.7 },
    ]);
    expect(baseline).toEqual({ accuracy: 0.91, f1: 0.8, mape: 12.5, roc_auc: 0.7 });
  });

  it('ignores non-finite values', () => {
    expect(trainingBaseline({ rmse: Number.NaN })).toEqual({});
  });
});
