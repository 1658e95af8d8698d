/** Display helpers shared by the tracking pages. */

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function formatTime(ms: number | null): string {
  return ms === null ? '—' : dateTime.format(new Date(ms));
}

/** "3 min ago" style, for lists where recency matters more than the exact time. */
export function formatAgo(ms: number | null, now = Date.now()): string {
  if (ms === null) return '—';
  const minutes = (now - ms) / 60_000;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${Math.round(minutes)} min ago`;
  if (minutes < 60 * 24) return `${Math.round(minutes / 60)} h ago`;
  if (minutes < 60 * 24 * 30) return `${Math.round(minutes / 60 / 24)} d ago`;
  return formatTime(ms);
}

export function formatDuration(start: number | null, end: number | null): string {
  if (start === null || end === null) return '—';
  const total = Math.max(0, end - start);
  if (total < 1000) return `${total} ms`;
  const seconds = Math.floor(total / 1000);
  if (seconds < 60) return `${(total / 1000).toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

export function formatNumber(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value !== 0 && (Math.abs(value) >= 1e6 || Math.abs(value) < 1e-3)) return value.toExponential(3);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(5)));
}

export function formatBytes(size: number | null): string {
  if (size === null) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** A stable, readable palette; runs keep their colour across charts on one page. */
export const seriesColors = ['#2f6fb0', '#e07b39', '#3a9d5d', '#c4414b', '#8a5cc2', '#1a9ba8', '#b8860b', '#d45d9e', '#5b6b7a', '#6b8e23'];

export function colorAt(index: number): string {
  return seriesColors[index % seriesColors.length] ?? '#2f6fb0';
}
