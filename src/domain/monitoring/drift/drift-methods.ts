import type { Aligned } from './aligned.js';
import type { DriftMethodId } from './drift-types.js';
import type { DriftMethod } from './method-result.js';
import { chiSquare, fisherExact, gTest, tvd, zTest } from './methods-categorical.js';
import { hellinger, jensenShannon, klDivergence, psi } from './methods-distance.js';
import { anderson, energy, ks, wasserstein } from './methods-numeric.js';
import { cramerVonMises, mannWhitney, welchT } from './methods-rank.js';

/** Every method by id; each reads the aligned counts, so exact samples and sketch bins go the same way. */
export const driftMethods: Record<DriftMethodId, DriftMethod> = {
  ks,
  chisquare: chiSquare,
  z: zTest,
  wasserstein,
  jensenshannon: jensenShannon,
  psi,
  kl_div: klDivergence,
  hellinger,
  anderson,
  ed: energy,
  mannw: mannWhitney,
  t_test: welchT,
  cramer_von_mises: cramerVonMises,
  g_test: gTest,
  TVD: tvd,
  fisher_exact: fisherExact,
};

/** Reference samples up to this size count as small (methods sheet §2: exactly 1000 is small). */
const smallReference = 1000;

/** Evidently's default method for a column (methods sheet §2). */
export function defaultMethod(a: Aligned): DriftMethodId {
  const distinct = a.ref.length;
  const small = a.nRef <= smallReference;
  if (a.numeric && distinct > 5) return small ? 'ks' : 'wasserstein';
  if (!small) return 'jensenshannon';
  return distinct > 2 ? 'chisquare' : 'z';
}
