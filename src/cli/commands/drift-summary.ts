import { driftMethodInfo } from '../../domain/monitoring/drift/drift-options.js';
import type { DriftReport, FeatureDrift } from '../../domain/monitoring/drift/drift-types.js';
import { formatNumber, formatShare } from '../../domain/monitoring/report/format.js';
import { formatTable } from '../table.js';

export interface DriftSummaryInput {
  report: DriftReport;
  referenceName: string;
  currentName: string;
  referenceRows: number;
  currentRows: number;
  notTested: Array<{ name: string; reason: string }>;
}

/** `p <= 0.05`, `>= 0.1`: the drift rule of one column. */
function rule(f: FeatureDrift): string {
  const op = { below: '<', at_or_below: '<=', at_or_above: '>=', above: '>' }[driftMethodInfo[f.method].driftWhen];
  return `${f.kind === 'p_value' ? 'p ' : ''}${op} ${formatNumber(f.threshold)}`;
}

/** The drift report for a terminal: one line per column, the columns not tested, then the verdict. */
export function driftSummary(input: DriftSummaryInput): string {
  const { report } = input;
  const lines = [`Reference: ${input.referenceName} (${input.referenceRows} rows)`, `Current:   ${input.currentName} (${input.currentRows} rows)`, ''];
  if (report.features.length > 0) {
    lines.push(
      formatTable<FeatureDrift>(report.features, [
        { header: 'COLUMN', cell: (f) => f.name },
        { header: 'TYPE', cell: (f) => f.type },
        { header: 'METHOD', cell: (f) => f.method },
        { header: 'SCORE', cell: (f) => (f.skipped !== null ? '' : formatNumber(f.score)), align: 'right' },
        { header: 'DRIFT WHEN', cell: rule },
        { header: 'DRIFT', cell: (f) => (f.skipped !== null ? `skipped: ${f.skipped}` : f.drift ? 'DRIFT' : 'no') },
      ]).trimEnd(),
    );
  } else lines.push('No column could be tested.');
  if (input.notTested.length > 0) {
    lines.push('', 'Not tested (change with --column-type NAME=numerical|categorical):');
    for (const s of input.notTested) lines.push(`  ${s.name}: ${s.reason}`);
  }
  const d = report.dataset;
  lines.push('', `${d.drift ? 'Dataset drift' : 'No dataset drift'}: ${d.driftedColumns} of ${d.columns} tested columns drifted (${formatShare(d.share)}; dataset drift at ${formatShare(d.driftShare)}).`);
  return `${lines.join('\n')}\n`;
}
