/** One line of the final table: a figure, the baseline measured in the same run, and the target. */
export interface BenchRow {
  name: string;
  figure: number;
  unit: string;
  baselineName: string;
  baseline: number;
  /** Human-readable target, e.g. ">= 200000 points/s". */
  target: string;
  pass: boolean;
  /** Extra context printed under the table. */
  note?: string;
}

const format = (value: number): string =>
  value >= 1000 ? Math.round(value).toLocaleString('en-US') : value >= 10 ? value.toFixed(1) : value.toFixed(2);

/** figure / baseline: above 1 means the figure is larger (faster for rates, slower for latencies). */
export const ratioOf = (row: BenchRow): number => (row.baseline === 0 ? Number.NaN : row.figure / row.baseline);

export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => [
    row.name,
    `${format(row.figure)} ${row.unit}`,
    `${format(row.baseline)} ${row.unit} (${row.baselineName})`,
    `${ratioOf(row).toFixed(2)}x`,
    row.target,
    row.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const notes = rows.filter((r) => r.note !== undefined).map((r) => `- ${r.name}: ${r.note ?? ''}`);
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render), '', ...notes].join('\n');
}

/** Prints one row as soon as it is measured, so a long run shows progress. */
export function printRow(row: BenchRow): void {
  console.log(`  ${row.name}: ${format(row.figure)} ${row.unit}; baseline ${format(row.baseline)} ${row.unit} (${row.baselineName}); ` +
    `ratio ${ratioOf(row).toFixed(2)}x; target ${row.target}: ${row.pass ? 'pass' : 'FAIL'}`);
}

/**
 * Server CPU time per unit of work, and the rate one fully used core would reach at that cost. Unlike
 * wall-clock rates, this barely moves when other processes compete for the two cores.
 */
export function cpuNote(cpuMs: number, units: number, unit: string): string {
  if (units === 0) return 'server CPU not measured';
  const perUnitUs = (cpuMs * 1000) / units;
  const perCore = 1e6 / perUnitUs;
  const cost = perUnitUs >= 10_000 ? `${(perUnitUs / 1000).toFixed(1)} ms` : `${perUnitUs < 10 ? perUnitUs.toFixed(2) : perUnitUs.toFixed(0)} µs`;
  return `server CPU ${cost}/${unit} (about ${format(perCore)} ${unit}s/s per core)`;
}
