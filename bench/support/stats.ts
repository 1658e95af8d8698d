/** Percentile of an ascending-sorted array (nearest rank); 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/** Times `task` `times` times in a row; returns the sorted durations in ms. */
export async function timeRepeated(times: number, task: () => Promise<unknown> | unknown): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await task();
    durations.push(performance.now() - start);
  }
  return durations.sort((a, b) => a - b);
}

export const median = (sorted: readonly number[]): number => percentile(sorted, 0.5);

export const mib = (bytes: number): number => bytes / (1024 * 1024);
