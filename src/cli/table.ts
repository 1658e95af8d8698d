/** A column of a text table: its header and how to show one row's cell. */
export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
}

/**
 * Rows as an aligned plain-text table: a header line, then one line per row, columns separated by
 * two spaces, no trailing blanks. Newlines inside cells are shown as spaces to keep one row a line.
 */
export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row).replace(/\s*\n\s*/g, ' ')));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => (line[i] ?? '').length)));
  const render = (line: readonly string[]) =>
    line
      .map((text, i) => (columns[i]?.align === 'right' ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].join('\n') + '\n';
}

/** Local time as `YYYY-MM-DD HH:MM:SS`; empty for a missing time. */
export function formatTime(epochMillis: number | null | undefined): string {
  if (epochMillis === null || epochMillis === undefined) return '';
  const d = new Date(epochMillis);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** `1h 02m`, `3m 05s`, `4.2s`. */
export function formatDuration(millis: number): string {
  if (millis < 0) return '';
  if (millis < 60_000) return `${(millis / 1000).toFixed(1)}s`;
  const seconds = Math.floor(millis / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${two(seconds % 60)}s`;
  return `${Math.floor(seconds / 3600)}h ${two(Math.floor((seconds % 3600) / 60))}m`;
}

/** `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * `label: value` lines with the values lined up, by default two spaces after the longest label; a
 * multi-line value continues under its first line.
 */
export function formatFields(fields: readonly (readonly [string, string])[], width = Math.max(...fields.map(([label]) => label.length)) + 3): string {
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)}${value.split('\n').join(`\n${' '.repeat(width)}`)}`.trimEnd()).join('\n') + '\n';
}

/** A run's datasets as the lineage views list them; empty when it has none. */
export function formatDatasets(datasets: readonly { name: string; context: string | null; digest: string; source: string; sourceType: string }[]): string {
  if (datasets.length === 0) return '';
  return (
    '\nDatasets\n' +
    formatTable(datasets, [
      { header: 'NAME', cell: (d) => d.name },
      { header: 'CONTEXT', cell: (d) => d.context ?? '' },
      { header: 'DIGEST', cell: (d) => d.digest },
      { header: 'SOURCE', cell: (d) => `${d.source} (${d.sourceType})` },
    ])
  );
}
