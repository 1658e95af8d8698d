import type { RawColumn, RawTable } from '../../domain/monitoring/column-inference.js';
import { invalidArgument } from '../../domain/errors.js';

type Cell = number | string | boolean | null;

/**
 * JSON lines: one JSON object a line, blank lines skipped. Columns are the keys in the order they
 * first appear; a key a row lacks is missing there. Values must be numbers, strings, booleans or
 * null; a nested object or array is an error naming its line and key (flatten it first). Integer
 * and float columns are told apart by the values (JSON writes 1.0 as 1).
 */
export function parseJsonLines(text: string): RawTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const columns = new Map<string, Cell[]>();
  let rows = 0;
  let lineNumber = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw invalidArgument(`JSON lines line ${lineNumber}: not valid JSON (${(error as Error).message})`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidArgument(`JSON lines line ${lineNumber}: expected an object of column values`);
    for (const key in parsed) {
      const value = (parsed as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object') throw invalidArgument(`JSON lines line ${lineNumber}, key ${key}: nested objects and arrays are not supported`);
      let column = columns.get(key);
      if (!column) {
        column = [];
        columns.set(key, column);
      }
      // Rows that lacked this key are missing there.
      while (column.length < rows) column.push(null);
      column.push(value as Cell);
    }
    rows++;
  }
  for (const column of columns.values()) while (column.length < rows) column.push(null);
  const result: RawColumn[] = [...columns].map(([name, values]) => ({ name, values }));
  return { rows, columns: result };
}
