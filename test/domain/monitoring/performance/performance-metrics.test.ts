import { describe, expect, it } from 'vitest';
import { classificationMetrics } from '../../../../src/domain/monitoring/performance/classification-metrics.js';
import { regressionMetrics } from '../../../../src/domain/monitoring/performance/regression-metrics.js';

// Methods sheet §6 vectors.
const y = [1, 0, 1, 1, 0, 1, 0, 0, 1, 0].map(String);
const yHat = [1, 0, 0, 1, 0, 1, 1, 0, 1, 1].map(String);
const scores = [0.9, 0.2, 0.4, 0.8, 0.3, 0.7, 0.6, 0.1, 0.95, 0.55];

describe('classificationMetrics', () => {
  it('scores the positive class of a binary task as the sheet vector does', () => {
    const { metrics, perClass } = classificationMetrics({ labels: y, predicted: yHat, positiveLabel: '1' });
    expect(metrics.accuracy).toBeCloseTo(0.7, 12);
    expect(metrics.precision).toBeCloseTo(0.666667, 6);
    expect(metrics.recall).toBeCloseTo(0.8, 12);
    expect(metrics.f1).toBeCloseTo(0.727273, 6);
    // Specificity is the negative class's recall.
    expect(perClass.find((p) => p.label === '0')?.recall).toBeCloseTo(0.6, 12);
    expect(perClass.map((p) => p.support)).toEqual([5, 5]);
  });

  it('gives ROC AUC 0.92 and log loss 0.405274 from the sheet scores', () => {
    const values = new Float64Array(scores.flatMap((p) => [1 - p, p]));
    const { metrics } = classificationMetrics({ labels: y, predicted: yHat, positiveLabel: '1', probabilities: { classes: ['0', '1'], values } });
    expect(metrics.roc_auc).toBeCloseTo(0.92, 12);
    expect(metrics.log_loss).toBeCloseTo(0.405274, 6);
  });

  it('macro-averages precision, recall and F1 over every class of a multiclass task', () => {
    const labels = ['a', 'a', 'b', 'b', 'c', 'c'];
    const predicted = ['a', 'b', 'b', 'b', 'c', 'a'];
    const { metrics, perClass } = classificationMetrics({ labels, predicted });
    // a: P 1/2 R 1/2; b: P 2/3 R 1; c: P 1 R 1/2.
    expect(metrics.precision).toBeCloseTo((1 / 2 + 2 / 3 + 1) / 3, 12);
    expect(metrics.recall).toBeCloseTo((1 / 2 + 1 + 1 / 2) / 3, 12);
    const f1 = perClass.map((p) => p.f1);
    expect(metrics.f1).toBeCloseTo((f1[0]! + f1[1]! + f1[2]!) / 3, 12);
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
  });

  it('averages one-vs-rest AUCs for a multiclass task and counts tied scores as half', () => {
    const labels = ['a', 'b', 'c', 'a'];
    const values = new Float64Array([0.8, 0.1, 0.1, 0.3, 0.4, 0.3, 0.2, 0.2, 0.6, 0.4, 0.4, 0.2]);
    const { metrics } = classificationMetrics({ labels, predicted: ['a', 'b', 'c', 'a'], probabilities: { classes: ['a', 'b', 'c'], values } });
    // a: positives {0.8,0.4} vs negatives {0.3,0.2}: 1. b: {0.4} vs {0.1,0.2,0.4}: 2.5/3. c: {0.6} vs {0.1,0.3,0.2}: 1.
    expect(metrics.roc_auc).toBeCloseTo((1 + 2.5 / 3 + 1) / 3, 12);
  });

  it('leaves ROC AUC out when the labels hold one class only, and says why', () => {
    const values = new Float64Array([0.2, 0.8, 0.4, 0.6]);
    const result = classificationMetrics({ labels: ['1', '1'], predicted: ['1', '1'], positiveLabel: '1', probabilities: { classes: ['0', '1'], values } });
    expect(result.metrics.roc_auc).toBeUndefined();
    expect(result.notes.join()).toMatch(/roc_auc/);
    expect(result.metrics.log_loss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
  });

  it('keeps log loss finite for a confident miss', () => {
    const values = new Float64Array([1, 0]);
    const { metrics } = classificationMetrics({ labels: ['1'], predicted: ['0'], positiveLabel: '1', probabilities: { classes: ['0', '1'], values } });
    expect(Number.isFinite(metrics.log_loss)).toBe(true);
    expect(metrics.log_loss).toBeGreaterThan(30);
  });

  it('answers no metrics for no rows', () => {
    expect(classificationMetrics({ labels: [], predicted: [] }).metrics).toEqual({});
  });
});

describe('regressionMetrics', () => {
  it('matches the sheet vector', () => {
    const { metrics } = regressionMetrics([3, 0.5, 2, 7], [2.5, 1, 2, 8]);
    expect(metrics.mae).toBeCloseTo(0.5, 12);
    expect(metrics.rmse).toBeCloseTo(0.612372, 6);
    expect(metrics.mape).toBeCloseTo(32.738095, 6);
    expect(metrics.r2).toBeCloseTo(0.93531, 6);
  });

  it('uses |target| for MAPE, so a negative target gives a positive error', () => {
    const { metrics } = regressionMetrics([-2], [-1]);
    expect(metrics.mape).toBeCloseTo(50, 12);
  });

  it('leaves zero targets out of MAPE and notes how many', () => {
    const { metrics, notes } = regressionMetrics([0, 2], [1, 3]);
    expect(metrics.mape).toBeCloseTo(50, 12);
    expect(notes.join()).toMatch(/1 rows with a zero target/);
    const allZero = regressionMetrics([0, 0], [1, 1]);
    expect(allZero.metrics.mape).toBeUndefined();
  });

  it('leaves R² out for a constant target instead of dividing by zero', () => {
    const { metrics, notes } = regressionMetrics([5, 5, 5], [4, 5, 6]);
    expect(metrics.r2).toBeUndefined();
    expect(notes.join()).toMatch(/r2/);
    expect(metrics.mae).toBeCloseTo(2 / 3, 12);
  });
});
