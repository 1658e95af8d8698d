import type { DataTable } from '../columns.js';
import { driftMethodInfo } from '../drift/drift-options.js';
import type { DriftReport, FeatureDrift } from '../drift/drift-types.js';
import { distributionOf } from './distributions.js';
import { escapeHtml, formatNumber, formatShare } from './format.js';
import { currentColour, distributionSvg, referenceColour } from './svg-plots.js';

export interface DriftReportPage {
  report: DriftReport;
  reference: DataTable;
  current: DataTable;
  /** How the user named the two datasets (file names). */
  referenceName: string;
  currentName: string;
  /** Columns left out before testing (text, datetimes, ignored), with why. */
  notTested: Array<{ name: string; reason: string }>;
  /** When the report was made, as ISO 8601 text (the domain reads no clock). */
  generatedAt: string;
}

const style = `
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#1d1d1f}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}h3{font-size:15px;margin:0 0 6px}
.meta{color:#555;margin:0 0 16px}.verdict{padding:12px 16px;border-radius:6px;font-weight:600;margin:12px 0}
.verdict.drift{background:#fde8e7;color:#9b1c1c}.verdict.stable{background:#e6f4ea;color:#1e6b34}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e3e3}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}tr.drift td:first-child{border-left:4px solid #d33}
.tag{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;font-weight:600}
.tag.drift{background:#d33;color:#fff}.tag.ok{background:#2a8a4a;color:#fff}.tag.skip{background:#999;color:#fff}
.feature{border:1px solid #e3e3e3;border-radius:6px;padding:12px 14px;margin:14px 0}
.feature p{margin:0 0 8px;color:#444}svg.plot{max-width:100%;height:auto;font-size:11px;fill:#333}
svg .share{fill:#666;font-size:10px}a{color:#2456a6}
`;

function statusTag(f: FeatureDrift): string {
  if (f.skipped !== null) return '<span class="tag skip">skipped</span>';
  return f.drift ? '<span class="tag drift">drift</span>' : '<span class="tag ok">no drift</span>';
}

/** What the score is and the rule that flags drift, in words. */
function rule(f: FeatureDrift): string {
  const op = { below: '<', at_or_below: '≤', at_or_above: '≥', above: '>' }[driftMethodInfo[f.method].driftWhen];
  return `${f.kind === 'p_value' ? 'p-value' : 'distance'} ${op} ${formatNumber(f.threshold)}`;
}

const anchor = (name: string, i: number) => `f${i}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function driftTable(report: DriftReport): string {
  const rows = report.features.map((f, i) => {
    const score = f.skipped !== null ? escapeHtml(f.skipped) : escapeHtml(formatNumber(f.score));
    return (
      `<tr class="${f.drift ? 'drift' : ''}"><td><a href="#${anchor(f.name, i)}">${escapeHtml(f.name)}</a></td><td>${f.type}</td><td>${escapeHtml(f.method)}</td>` +
      `<td class="num">${score}</td><td>${escapeHtml(rule(f))}</td><td class="num">${f.reference.count} / ${f.current.count}</td>` +
      `<td class="num">${f.reference.missing} / ${f.current.missing}</td><td>${statusTag(f)}</td></tr>`
    );
  });
  return (
    '<table><thead><tr><th>Column</th><th>Type</th><th>Method</th><th class="num">Score</th><th>Drift when</th><th class="num">Values (ref / cur)</th><th class="num">Missing (ref / cur)</th><th></th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function featureSection(page: DriftReportPage, f: FeatureDrift, i: number): string {
  const byName = (t: DataTable) => t.columns.find((c) => c.name === f.name);
  const distribution = distributionOf(byName(page.reference), byName(page.current));
  const statistic = f.statistic !== null ? `, statistic ${escapeHtml(formatNumber(f.statistic))}` : '';
  const pValue = f.pValue !== null && f.kind === 'distance' ? `, p-value ${escapeHtml(formatNumber(f.pValue))}` : '';
  const summary =
    f.skipped !== null
      ? `Not tested: ${escapeHtml(f.skipped)}.`
      : `${escapeHtml(f.method)} score ${escapeHtml(formatNumber(f.score))}${statistic}${pValue}; drift when ${escapeHtml(rule(f))}.`;
  const plot = distribution ? distributionSvg(distribution, `${f.name}: reference and current distributions`) : '<p>No values to plot.</p>';
  return `<section class="feature" id="${anchor(f.name, i)}"><h3>${escapeHtml(f.name)} ${statusTag(f)}</h3><p>${f.type}. ${summary}</p>${plot}</section>`;
}

/**
 * The standalone drift report: one HTML file with its style and plots inline (SVG, no scripts,
 * no fonts or images to fetch), so it can be mailed, attached to a ticket or opened offline.
 */
export function driftReportHtml(page: DriftReportPage): string {
  const { report } = page;
  const d = report.dataset;
  const verdict = d.drift
    ? `Dataset drift: ${d.driftedColumns} of ${d.columns} tested columns drifted (${formatShare(d.share)}, threshold ${formatShare(d.driftShare)}).`
    : `No dataset drift: ${d.driftedColumns} of ${d.columns} tested columns drifted (${formatShare(d.share)}, threshold ${formatShare(d.driftShare)}).`;
  const notTested =
    page.notTested.length === 0
      ? ''
      : `<h2>Columns not tested</h2><table><tbody>${page.notTested.map((s) => `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.reason)}</td></tr>`).join('')}</tbody></table>`;
  const ordered = report.features.map((f, i) => ({ f, i })).sort((a, b) => Number(b.f.drift) - Number(a.f.drift) || a.i - b.i);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Drift report: ${escapeHtml(page.currentName)} vs ${escapeHtml(page.referenceName)}</title><style>${style}</style></head>
<body>
<h1>Data drift report</h1>
<p class="meta">Reference <b>${escapeHtml(page.referenceName)}</b> (${page.reference.rows} rows, <span style="color:${referenceColour}">■</span>) against current <b>${escapeHtml(page.currentName)}</b> (${page.current.rows} rows, <span style="color:${currentColour}">■</span>). Made by Cairn at ${escapeHtml(page.generatedAt)}.</p>
<div class="verdict ${d.drift ? 'drift' : 'stable'}">${escapeHtml(verdict)}</div>
<h2>Columns</h2>
${driftTable(report)}
${notTested}
<h2>Distributions</h2>
${ordered.map(({ f, i }) => featureSection(page, f, i)).join('\n')}
</body></html>
`;
}
