import type { RawColumn } from '../../domain/monitoring/column-inference.js';

/** Cells that mean "missing" in a text file (pandas' usual markers). */
const missingMarkers = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'null', 'NULL', 'None', '#N/A', '#NA', '<NA>']);
const infinities = new Map([
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['infinity', Infinity],
  ['+infinity', Infinity],
  ['-infinity', -Infinity],
]);
const integerLiteral = /^[+-]?\d+$/;
const floatLiteral = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const booleanLiteral = new Map([
  ['true', true],
  ['false', false],
]);

/**
 * Types the text cells of one column as pandas would: numbers when every present cell is a number
 * (integers when every one is written without a point or exponent, so `1.0` keeps the column
 * float), booleans when every one is true/false, else the text as it is (a column mixing numbers
 * and words stays text). Missing markers become null in every case.
 */
export function typeCells(cells: readonly string[]): Pick<RawColumn, 'values' | 'kind'> {
  let numbers = true;
  let integers = true;
  let booleans = true;
  let present = 0;
  for (const raw of cells) {
    const cell = raw.trim();
    if (missingMarkers.has(cell)) continue;
    present++;
    if (integerLiteral.test(cell)) booleans = false;
    else if (floatLiteral.test(cell) || infinities.has(cell.toLowerCase())) {
      integers = false;
      booleans = false;
    } else {
      numbers = false;
      integers = false;
      if (!booleanLiteral.has(cell.toLowerCase())) booleans = false;
    }
    if (!numbers && !booleans) break;
  }
  if (present > 0 && numbers) {
    const values = cells.map((raw) => {
      const cell = raw.trim();
      if (missingMarkers.has(cell)) return null;
      const n = Number(cell);
      return Number.isNaN(n) ? (infinities.get(cell.toLowerCase()) ?? null) : n;
    });
    return { values, kind: integers ? 'integer' : 'float' };
  }
  if (present > 0 && booleans) {
    return { values: cells.map((raw) => booleanLiteral.get(raw.trim().toLowerCase()) ?? null), kind: 'boolean' };
  }
  // Text is kept untrimmed: spaces may matter to a category.
  return { values: cells.map((raw) => (missingMarkers.has(raw.trim()) ? null : raw)) };
}
