import type { StoredPrediction } from '../predictions/prediction-store.js';
import { classificationOutputs, finiteNumber, tensorRows } from './performance/output-rows.js';

export const reviewStrategies = ['uncertainty', 'sample'] as const;
export type ReviewStrategy = (typeof reviewStrategies)[number];

/**
 * How unsure the model was: least confidence, 1 − the highest class probability (one column: the
 * positive class's p, so 1 − max(p, 1 − p)), of the prediction's most uncertain row. Probabilities
 * are found by the output names scoring uses; null when none are logged (regression, labels only).
 */
export function uncertainty(prediction: Pick<StoredPrediction, 'outputs'>): number | null {
  const { probabilities } = classificationOutputs(prediction.outputs, undefined, undefined);
  if (!probabilities) return null;
  const rows = tensorRows(probabilities);
  if (rows < 1 || probabilities.data.length === 0 || probabilities.data.length % rows !== 0) return null;
  const width = probabilities.data.length / rows;
  let worst: number | null = null;
  for (let r = 0; r < rows; r++) {
    const p = probabilities.data.slice(r * width, (r + 1) * width).map(finiteNumber);
    if (p.some((x) => x === null || x < 0)) return null;
    const values = p as number[];
    let u: number;
    if (width === 1) u = 1 - Math.max(values[0] as number, 1 - (values[0] as number));
    else {
      // Scores that do not sum to one (softmax left out) are normalised first.
      const sum = values.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) return null;
      u = 1 - Math.max(...values) / sum;
    }
    worst = worst === null ? u : Math.max(worst, u);
  }
  return worst;
}

/**
 * Picks `limit` of the candidates (newest first): the most uncertain first (those without
 * probabilities after, newest first), or a uniform random sample kept in newest-first order.
 */
export function pickForReview<P extends Pick<StoredPrediction, 'outputs' | 'time'>>(
  candidates: readonly P[],
  strategy: ReviewStrategy,
  limit: number,
  random: () => number = Math.random,
): Array<P & { uncertainty: number | null }> {
  const scored = candidates.map((c, index) => ({ ...c, uncertainty: uncertainty(c), index }));
  let picked: typeof scored;
  if (strategy === 'uncertainty') {
    picked = [...scored].sort((a, b) => (b.uncertainty ?? -1) - (a.uncertainty ?? -1) || a.index - b.index).slice(0, limit);
  } else {
    // A partial Fisher-Yates shuffle: each candidate is equally likely to be among the first `limit`.
    const pool = [...scored];
    for (let i = 0; i < Math.min(limit, pool.length); i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
    }
    picked = pool.slice(0, limit).sort((a, b) => a.index - b.index);
  }
  return picked.map(({ index: _index, ...rest }) => rest as unknown as P & { uncertainty: number | null });
}
