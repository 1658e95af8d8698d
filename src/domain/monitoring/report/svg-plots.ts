import type { CategoryBars, Distribution, NumericHistogram } from './distributions.js';
import { escapeHtml, formatNumber } from './format.js';

export const referenceColour = '#4c78a8';
export const currentColour = '#f58518';

const width = 560;
const r = (n: number) => n.toFixed(1);

/** Legend of the two samples, top right. */
function legend(x: number): string {
  return (
    `<rect x="${x}" y="4" width="10" height="10" fill="${referenceColour}"/><text x="${x + 14}" y="13">reference</text>` +
    `<rect x="${x + 84}" y="4" width="10" height="10" fill="${currentColour}"/><text x="${x + 98}" y="13">current</text>`
  );
}

/** Reference and current shares per bin as paired vertical bars, with the range's ends on the x axis. */
function histogramSvg(h: NumericHistogram, title: string): string {
  const height = 200;
  const left = 44;
  const top = 22;
  const plotW = width - left - 10;
  const plotH = height - top - 30;
  const peak = Math.max(...h.reference, ...h.current, 1e-12);
  const bins = h.reference.length;
  const binW = plotW / bins;
  const bars: string[] = [];
  for (let i = 0; i < bins; i++) {
    const x = left + i * binW;
    for (const [k, share, colour] of [
      [0, h.reference[i]!, referenceColour],
      [1, h.current[i]!, currentColour],
    ] as const) {
      const barH = (share / peak) * plotH;
      const from = i === 0 && h.clipped.below ? '(-∞' : `[${formatNumber(h.edges[i]!)}`;
      const to = i === bins - 1 ? (h.clipped.above ? '∞)' : `${formatNumber(h.edges[i + 1]!)}]`) : `${formatNumber(h.edges[i + 1]!)})`;
      const tip = `${k === 0 ? 'reference' : 'current'} ${(share * 100).toFixed(1)} % in ${from}, ${to}`;
      bars.push(`<rect x="${r(x + 1 + (k * (binW - 2)) / 2)}" y="${r(top + plotH - barH)}" width="${r(Math.max((binW - 2) / 2, 0.5))}" height="${r(barH)}" fill="${colour}"><title>${escapeHtml(tip)}</title></rect>`);
    }
  }
  const axisY = top + plotH;
  const ticks = [0, Math.floor(bins / 2), bins].map((i) => {
    const anchor = i === 0 ? 'start' : i === bins ? 'end' : 'middle';
    // An end bin that also holds the values past the range says so: ≤ first edge, ≥ last edge.
    const mark = i === 0 && h.clipped.below ? '≤ ' : i === bins && h.clipped.above ? '≥ ' : '';
    return `<text x="${r(left + i * binW)}" y="${axisY + 16}" text-anchor="${anchor}">${escapeHtml(mark + formatNumber(h.edges[i]!))}</text>`;
  });
  return (
    `<svg class="plot" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    legend(width - 190) +
    `<text x="${left - 4}" y="${top + 8}" text-anchor="end">${(peak * 100).toFixed(0)}%</text><text x="${left - 4}" y="${axisY}" text-anchor="end">0</text>` +
    bars.join('') +
    `<line x1="${left}" y1="${axisY}" x2="${left + plotW}" y2="${axisY}" stroke="#888"/>` +
    ticks.join('') +
    '</svg>'
  );
}

/** One row per category with its reference and current share as two horizontal bars. */
function barsSvg(b: CategoryBars, title: string): string {
  const rowH = 22;
  const top = 22;
  const left = 150;
  const plotW = width - left - 100;
  const height = top + b.labels.length * rowH + 6;
  // The folded rest can dwarf every category; the scale follows the categories and its bar is cut at the edge.
  const named = b.folded > 0 ? b.labels.length - 1 : b.labels.length;
  const peak = Math.max(...b.reference.slice(0, named), ...b.current.slice(0, named), 1e-12);
  const rows = b.labels.map((label, i) => {
    const y = top + i * rowH;
    const shown = label.length > 22 ? `${label.slice(0, 21)}…` : label;
    const bar = (share: number, dy: number, colour: string, who: string) =>
      `<rect x="${left}" y="${r(y + dy)}" width="${r(Math.min(plotW, Math.max((share / peak) * plotW, share > 0 ? 0.5 : 0)))}" height="9" fill="${colour}"><title>${escapeHtml(`${label}: ${who} ${(share * 100).toFixed(1)} %`)}</title></rect>`;
    return (
      `<text x="${left - 6}" y="${y + 14}" text-anchor="end"><title>${escapeHtml(label)}</title>${escapeHtml(shown)}</text>` +
      bar(b.reference[i]!, 2, referenceColour, 'reference') +
      bar(b.current[i]!, 11, currentColour, 'current') +
      `<text x="${r(left + Math.min(plotW, (Math.max(b.reference[i]!, b.current[i]!) / peak) * plotW) + 4)}" y="${y + 14}" class="share">${(b.reference[i]! * 100).toFixed(1)} / ${(b.current[i]! * 100).toFixed(1)} %</text>`
    );
  });
  return `<svg class="plot" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${legend(width - 190)}${rows.join('')}</svg>`;
}

/** Inline SVG of one column's reference and current distributions (self-contained: no scripts, no external assets). */
export function distributionSvg(distribution: Distribution, title: string): string {
  return distribution.kind === 'numerical' ? histogramSvg(distribution, title) : barsSvg(distribution, title);
}
