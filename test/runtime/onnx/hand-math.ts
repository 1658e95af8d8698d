/** Reference arithmetic for the ONNX tests, written out by hand so that expectations do not come from the runtime. */

/** rows [n][k] · weights (row-major [k][m]) + bias [m] -> [n][m]. */
export function affine(rows: readonly (readonly number[])[], weights: readonly number[], bias: readonly number[]): number[][] {
  const m = bias.length;
  return rows.map((row) =>
    bias.map((b, j) => row.reduce((sum, x, i) => sum + x * (weights[i * m + j] as number), b)),
  );
}

export function relu(rows: number[][]): number[][] {
  return rows.map((row) => row.map((v) => Math.max(0, v)));
}

export function softmax(rows: number[][]): number[][] {
  return rows.map((row) => {
    const max = Math.max(...row);
    const exps = row.map((v) => Math.exp(v - max));
    const total = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / total);
  });
}

/** The index of the largest value, or -1 when two share it (the tests then skip the label). */
export function uniqueArgmax(row: readonly number[]): number {
  const max = Math.max(...row);
  const at = row.indexOf(max);
  return row.lastIndexOf(max) === at ? at : -1;
}

/** Deterministic rows of `width` values in [-2.5, 2.5). */
export function sampleRows(count: number, width: number, seed = 3): number[][] {
  let state = seed;
  const next = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return Array.from({ length: count }, () => Array.from({ length: width }, () => Math.round((next() * 5 - 2.5) * 1000) / 1000));
}

export function expectClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  if (actual.length !== expected.length) throw new Error(`expected ${expected.length} values, got ${actual.length}`);
  expected.forEach((e, i) => {
    const a = actual[i] as number;
    if (Math.abs(a - e) > 10 ** -digits) throw new Error(`element ${i}: expected ${e}, got ${a}`);
  });
}
