import { invalidArgument } from '../errors.js';
import type { CategoricalColumn, Column, DataTable, NumericalColumn } from './columns.js';

/**
 * What a reader knows of a column's storage type, when it knows more than the values show: a CSV
 * cell `1.0` is a float even though the number is whole, a Parquet INT64 column is integers, a
 * timestamp is a datetime. Without it the kind is read from the values.
 */
export type RawKind = 'integer' | 'float' | 'boolean' | 'string' | 'datetime' | 'unsupported';

export interface RawColumn {
  name: string;
  values: Array<number | string | boolean | null>;
  /** Optional hint from the reader; see RawKind. */
  kind?: RawKind;
  /** Why the reader could not give values ('unsupported' kind), e.g. a nested Parquet column. */
  note?: string;
}

export interface RawTable {
  rows: number;
  columns: RawColumn[];
}

export type ColumnTypeOverride = 'numerical' | 'categorical' | 'ignore';

export interface InferredTable {
  table: DataTable;
  skipped: Array<{ name: string; reason: string }>;
}

/** Evidently's cut-off: an integer column with this many distinct values or fewer is categorical. */
const maxIntegerCategories = 10;
/** Strings whose distinct share of the non-missing cells exceeds this are free text, not categories. */
const textDistinctShare = 0.5;

// ISO 8601 dates and date-times (what CSV exports and JSON serialisers write), so a `date` column
// is reported as a datetime rather than as text.
const isoDateTime = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The storage kind the values themselves show, used when the reader gave no hint. */
function kindOfValues(values: RawColumn['values']): RawKind | 'mixed' | 'empty' {
  let numbers = 0;
  let integers = 0;
  let booleans = 0;
  let strings = 0;
  let dates = 0;
  for (const v of values) {
    if (v === null) continue;
    if (typeof v === 'number') {
      numbers += 1;
      if (Number.isInteger(v)) integers += 1;
    } else if (typeof v === 'boolean') booleans += 1;
    else {
      strings += 1;
      if (isoDateTime.test(v)) dates += 1;
    }
  }
  const present = numbers + booleans + strings;
  if (present === 0) return 'empty';
  if (numbers === present) return integers === present ? 'integer' : 'float';
  if (booleans === present) return 'boolean';
  if (strings === present) return dates === present ? 'datetime' : 'string';
  return 'mixed';
}

/** Text of a cell as a category: numbers and booleans as JavaScript writes them (`3`, `0.5`, `true`). */
const cellText = (v: number | string | boolean): string => (typeof v === 'string' ? v : String(v));

function numerical(raw: RawColumn): NumericalColumn {
  const values = new Float64Array(raw.values.length);
  raw.values.forEach((v, row) => {
    if (v === null) values[row] = NaN;
    else if (typeof v === 'number') values[row] = v;
    else if (typeof v === 'boolean') values[row] = v ? 1 : 0;
    else {
      const text = v.trim();
      let n = text === '' ? NaN : Number(text);
      // A datetime asked to be numerical counts in milliseconds since 1970 (UTC when no zone is given).
      if (Number.isNaN(n) && isoDateTime.test(text)) n = Date.parse(/[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
      if (Number.isNaN(n) && text !== '' && text.toLowerCase() !== 'nan') {
        throw invalidArgument(`column ${raw.name}, row ${row + 1}: '${v}' is not a number, so the column cannot be numerical`);
      }
      values[row] = n;
    }
  });
  return { name: raw.name, type: 'numerical', values };
}

/** Categories sorted (numerically when they are all numbers) so codes do not depend on row order. */
function sortCategories(categories: string[]): string[] {
  const allNumbers = categories.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return allNumbers ? categories.sort((a, b) => Number(a) - Number(b)) : categories.sort();
}

function categorical(raw: RawColumn): CategoricalColumn {
  const seen = new Set<string>();
  for (const v of raw.values) if (v !== null) seen.add(cellText(v));
  const categories = sortCategories([...seen]);
  const codeOf = new Map(categories.map((c, i) => [c, i]));
  const codes = new Int32Array(raw.values.length);
  raw.values.forEach((v, row) => {
    codes[row] = v === null ? -1 : (codeOf.get(cellText(v)) ?? -1);
  });
  return { name: raw.name, type: 'categorical', codes, categories };
}

function distinctCount(values: RawColumn['values'], limit: number): number {
  const seen = new Set<number | string | boolean>();
  for (const v of values) {
    if (v === null) continue;
    seen.add(v);
    if (seen.size > limit) break;
  }
  return seen.size;
}

const overrideHint = 'set its column type to numerical or categorical to test it';

/** Evidently's rule for one column without an override (methods sheet §2): a column, or why it is skipped. */
function inferColumn(raw: RawColumn): Column | { skipped: string } {
  const kind = raw.kind ?? kindOfValues(raw.values);
  switch (kind) {
    case 'unsupported':
      return { skipped: `unsupported values${raw.note ? ` (${raw.note})` : ''}` };
    case 'datetime':
      return { skipped: `datetime column, not drift-tested; ${overrideHint}` };
    case 'float':
    case 'empty':
      // pandas reads a column with no values as float: numerical, and drift reports it as untestable.
      return numerical(raw);
    case 'integer':
      return distinctCount(raw.values, maxIntegerCategories) <= maxIntegerCategories ? categorical(raw) : numerical(raw);
    case 'boolean':
      return categorical(raw);
    case 'string':
    case 'mixed': {
      const present = raw.values.reduce<number>((n, v) => (v === null ? n : n + 1), 0);
      const limit = Math.floor(textDistinctShare * present);
      const distinct = distinctCount(raw.values, limit);
      if (distinct > limit) return { skipped: `text: more than half of its ${present} values are distinct; ${overrideHint}` };
      return categorical(raw);
    }
  }
}

/**
 * Typed columns for drift and profiles from a reader's raw table. Each column is typed by the
 * override for its name when there is one, else by Evidently's inference: floats numerical;
 * integers categorical with at most 10 distinct values, else numerical; booleans categorical;
 * strings text (skipped) when more than half of the non-missing cells are distinct, else
 * categorical; datetimes skipped. Unlike pandas, a missing cell does not turn an integer column
 * into a float one. Overrides for names the table lacks are ignored here (two tables share one set
 * of overrides); check them first with `unknownOverrides`.
 */
export function toDataTable(raw: RawTable, overrides: Record<string, ColumnTypeOverride> = {}): InferredTable {
  const columns: Column[] = [];
  const skipped: InferredTable['skipped'] = [];
  for (const rawColumn of raw.columns) {
    if (rawColumn.values.length !== raw.rows) throw invalidArgument(`column ${rawColumn.name} has ${rawColumn.values.length} values for ${raw.rows} rows`);
    const override = overrides[rawColumn.name];
    if (override === 'ignore') {
      skipped.push({ name: rawColumn.name, reason: 'ignored as asked' });
      continue;
    }
    if (override !== undefined && rawColumn.kind === 'unsupported') throw invalidArgument(`column ${rawColumn.name} cannot be read as ${override}: ${rawColumn.note ?? 'unsupported values'}`);
    const column = override === 'numerical' ? numerical(rawColumn) : override === 'categorical' ? categorical(rawColumn) : inferColumn(rawColumn);
    if ('skipped' in column) skipped.push({ name: rawColumn.name, reason: column.skipped });
    else columns.push(column);
  }
  return { table: { rows: raw.rows, columns }, skipped };
}

/** Names of overrides that match a column of none of the tables: typos to report rather than ignore. */
export function unknownOverrides(tables: readonly RawTable[], overrides: Record<string, ColumnTypeOverride>): string[] {
  const names = new Set(tables.flatMap((t) => t.columns.map((c) => c.name)));
  return Object.keys(overrides).filter((name) => !names.has(name));
}
