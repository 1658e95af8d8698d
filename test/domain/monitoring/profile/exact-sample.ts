/** Distinct sorted values with counts: the exact sample, written here so the test does not lean on the code under test. */
export function sampleColumnExact(values: number[]): { values: Float64Array; counts: Float64Array; total: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return { values: Float64Array.from(keys), counts: Float64Array.from(keys.map((k) => counts.get(k)!)), total: values.length };
}
