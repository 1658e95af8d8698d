/** Scores and p-values readable at a glance: 4 significant digits, scientific below 0.001. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 0.001 || magnitude >= 1e7) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** `42.0 %` */
export const formatShare = (share: number): string => `${(share * 100).toFixed(1)} %`;

/** Text safe inside HTML and SVG elements and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
