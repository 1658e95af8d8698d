import { describe, expect, it } from 'vitest';
import { baselineOf } from '../../web/src/features/monitoring/baseline-names.js';
import { cellColor, driftRatio } from '../../web/src/features/monitoring/drift-colors.js';

describe('drift heatmap colours', () => {
  it('puts both kinds of score on one scale: 1 at the threshold, above 1 drifted', () => {
    expect(driftRatio({ kind: 'p_value', score: 0.01, threshold: 0.05 })).toBeCloseTo(5);
    expect(driftRatio({ kind: 'p_value', score: 0.5, threshold: 0.05 })).toBeCloseTo(0.1);
    expect(driftRatio({ kind: 'distance', score: 0.2, threshold: 0.1 })).toBeCloseTo(2);
    // A p-value of exactly 0 is far past any threshold, not a division by zero.
    expect(driftRatio({ kind: 'p_value', score: 0, threshold: 0.05 })).toBeGreaterThan(1e6);
  });

  it('greys cells with no score (skipped, NaN) instead of guessing a colour', () => {
    expect(driftRatio({ kind: 'p_value', score: null, threshold: 0.05 })).toBeNull();
    expect(driftRatio({ kind: 'distance', score: Number.NaN, threshold: 0.1 })).toBeNull();
    expect(cellColor(null)).toBe('#e1e4e8');
  });

  it('runs from green through amber at the threshold to red', () => {
    expect(cellColor(0.01)).toBe('rgb(58,157,93)');
    expect(cellColor(1)).toBe('rgb(240,200,80)');
    expect(cellColor(100)).toBe('rgb(196,65,75)');
  });
});

describe('training baseline', () => {
  it("reads the served version's run metrics the way the server does: held-out scores first, then aliases", () => {
    const metrics = new Map([
      ['val_accuracy', 0.8],
      ['test_accuracy', 0.85],
      ['training_roc_auc_score', 0.7],
    ]);
    expect(baselineOf(metrics, 'accuracy')).toBe(0.85);
    expect(baselineOf(metrics, 'roc_auc')).toBe(0.7);
    expect(baselineOf(metrics, 'rmse')).toBeNull();
    expect(baselineOf(new Map([['f1', Number.NaN]]), 'f1')).toBeNull();
  });
});
