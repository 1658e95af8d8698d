/** A model version to serve a request with. */
export interface ServingTarget {
  model: string;
  version: number;
}

/** A number in [0, 1), like Math.random; tests inject a seeded one. */
export type RandomSource = () => number;

/** The version whose cumulative weight range holds `draw * total`; zero-weight versions are never picked. */
export function pickWeighted(versions: readonly { model: string; version: number; weight: number }[], draw: number): ServingTarget {
  const total = versions.reduce((sum, v) => sum + v.weight, 0);
  let point = draw * total;
  const live = versions.filter((v) => v.weight > 0);
  for (const v of live) {
    if (point < v.weight) return { model: v.model, version: v.version };
    point -= v.weight;
  }
  // Rounding at the top of the range (or all weights 0): the last version that takes traffic.
  const last = live.at(-1) ?? versions.at(-1);
  if (!last) throw new Error('a deployment has at least one version');
  return { model: last.model, version: last.version };
}
