import type { RawColumn, RawKind, RawTable } from '../column-inference.js';
import type { Column, DataTable } from '../columns.js';
import type { LoggedTensor } from '../../predictions/prediction.js';
import type { SketchLayout } from './sketch-layout.js';

export interface LoggedRecord {
  inputs: LoggedTensor[];
  outputs: LoggedTensor[];
}

type Cell = number | string | boolean | null;

/**
 * The column names a logged tensor flattens to. A tensor of rank ≤ 1, or one value per row, is one
 * column named after it; a wider one gives `<name>[i]` for its i-th value per row (row-major, the
 * rest of the shape flattened). Inputs take `features[offset + i]` instead when given, so a monitor
 * can name them as its reference file does.
 */
export function tensorColumnNames(tensor: Pick<LoggedTensor, 'name' | 'shape'>, features?: readonly string[], offset = 0): string[] {
  const width = tensorWidth(tensor.shape);
  const names: string[] = [];
  for (let i = 0; i < width; i++) names.push(features?.[offset + i] ?? (width === 1 ? tensor.name : `${tensor.name}[${i}]`));
  return names;
}

function tensorWidth(shape: readonly number[]): number {
  let w = 1;
  for (let i = 1; i < shape.length; i++) w *= Math.max(0, shape[i] ?? 0);
  return w;
}

function tensorRows(shape: readonly number[]): number {
  return shape.length === 0 ? 1 : Math.max(0, shape[0] ?? 0);
}

function recordRows(record: LoggedRecord): number {
  let rows = 0;
  for (const t of record.inputs) rows = Math.max(rows, tensorRows(t.shape));
  for (const t of record.outputs) rows = Math.max(rows, tensorRows(t.shape));
  return rows;
}

/** Visits every cell of every record: (column name, row in the whole table, value). */
function eachColumn(
  records: ReadonlyArray<LoggedRecord>,
  features: readonly string[] | undefined,
  visit: (name: string, datatype: string, start: number, rows: number, width: number, k: number, data: LoggedTensor['data']) => void,
): number {
  let row = 0;
  // Names depend only on (position, tensor name, width): computed once per shape, not per record.
  const cache = new Map<string, string[]>();
  const namesOf = (t: LoggedTensor, offset: number, input: boolean): string[] => {
    const key = `${input ? 'i' : 'o'}${offset}|${t.name}|${tensorWidth(t.shape)}`;
    let names = cache.get(key);
    if (!names) cache.set(key, (names = tensorColumnNames(t, input ? features : undefined, offset)));
    return names;
  };
  for (const record of records) {
    const rows = recordRows(record);
    let offset = 0;
    for (const t of record.inputs) {
      const names = namesOf(t, offset, true);
      names.forEach((name, k) => visit(name, t.datatype, row, tensorRows(t.shape), names.length, k, t.data));
      offset += names.length;
    }
    for (const t of record.outputs) {
      const names = namesOf(t, 0, false);
      names.forEach((name, k) => visit(name, t.datatype, row, tensorRows(t.shape), names.length, k, t.data));
    }
    row += rows;
  }
  return row;
}

function totalRows(records: ReadonlyArray<LoggedRecord>): number {
  let n = 0;
  for (const r of records) n += recordRows(r);
  return n;
}

function toNumber(v: Cell | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v.trim() === '' ? NaN : Number(v);
  return NaN;
}

/**
 * Logged predictions as a table typed by a sketch layout: one row per row of each request, inputs
 * flattened to features and outputs to `<name>` / `<name>[i]` (see tensorColumnNames). Only the
 * layout's columns are built; a layout column no record has stays all missing. Categorical cells
 * hold the value as text; numerical cells parse text (INT64 logged as decimal strings) and count
 * booleans as 0/1, anything else as missing.
 */
export function predictionTable(records: ReadonlyArray<LoggedRecord>, layout: SketchLayout, features?: string[]): DataTable {
  const n = totalRows(records);
  const targets = new Map<string, Target>();
  for (const col of layout.columns) {
    targets.set(
      col.name,
      col.type === 'numerical'
        ? { type: 'numerical', values: new Float64Array(n).fill(NaN) }
        : { type: 'categorical', codes: new Int32Array(n).fill(-1), index: new Map(), categories: [] },
    );
  }
  // A tensor's columns resolve to their targets once per (position, name, width), not per record.
  const resolved = new Map<string, Array<Target | undefined>>();
  const targetsOf = (t: LoggedTensor, offset: number, input: boolean): Array<Target | undefined> => {
    const key = `${input ? 'i' : 'o'}${offset}|${t.name}|${tensorWidth(t.shape)}`;
    let found = resolved.get(key);
    if (!found) resolved.set(key, (found = tensorColumnNames(t, input ? features : undefined, offset).map((name) => targets.get(name))));
    return found;
  };
  let row = 0;
  for (const record of records) {
    let offset = 0;
    for (const t of record.inputs) {
      const slots = targetsOf(t, offset, true);
      fill(slots, t, row);
      offset += slots.length;
    }
    for (const t of record.outputs) fill(targetsOf(t, 0, false), t, row);
    row += recordRows(record);
  }
  const columns: Column[] = layout.columns.map((col) => {
    const t = targets.get(col.name)!;
    return t.type === 'numerical' ? { name: col.name, type: 'numerical', values: t.values } : { name: col.name, type: 'categorical', codes: t.codes, categories: t.categories };
  });
  return { rows: n, columns };
}

type Target = { type: 'numerical'; values: Float64Array } | { type: 'categorical'; codes: Int32Array; index: Map<string, number>; categories: string[] };

function fill(slots: ReadonlyArray<Target | undefined>, tensor: LoggedTensor, start: number): void {
  const width = slots.length;
  const rows = tensorRows(tensor.shape);
  const data = tensor.data;
  for (let k = 0; k < width; k++) {
    const target = slots[k];
    if (!target) continue;
    if (target.type === 'numerical') {
      const values = target.values;
      for (let r = 0; r < rows; r++) {
        const v = data[r * width + k];
        values[start + r] = typeof v === 'number' ? v : toNumber(v);
      }
      continue;
    }
    for (let r = 0; r < rows; r++) {
      const v = data[r * width + k];
      if (v === null || v === undefined) continue;
      const text = typeof v === 'string' ? v : String(v);
      let code = target.index.get(text);
      if (code === undefined) {
        code = target.categories.length;
        target.index.set(text, code);
        target.categories.push(text);
      }
      target.codes[start + r] = code;
    }
  }
}

/**
 * Logged predictions as raw cells, every column any record has (first seen first), for when no
 * layout exists yet: a reference taken from the deployment's own predictions has its column types
 * inferred from these, as an uploaded file's are.
 */
export function predictionRawTable(records: ReadonlyArray<LoggedRecord>, features?: string[]): RawTable {
  const n = totalRows(records);
  const columns = new Map<string, RawColumn>();
  eachColumn(records, features, (name, datatype, start, rows, width, k, data) => {
    let column = columns.get(name);
    if (!column) {
      column = { name, values: new Array<Cell>(n).fill(null) };
      const kind = kindOf(datatype);
      if (kind) column.kind = kind;
      columns.set(name, column);
    }
    const values = column.values;
    // 64-bit integers are logged as decimal strings when unsafe: they are still numbers.
    const numeric = /^U?INT64$/.test(datatype);
    for (let r = 0; r < rows; r++) {
      const v = data[r * width + k];
      values[start + r] = v === undefined ? null : numeric && typeof v === 'string' ? Number(v) : v;
    }
  });
  return { rows: n, columns: [...columns.values()] };
}

/**
 * The tensor's datatype says what JSON cannot: an FP32 value 3 is a float (numerical), not an
 * integer that inference would make categorical for having few distinct values.
 */
function kindOf(datatype: string): RawKind | null {
  if (/^FP(16|32|64)$|^BF16$/.test(datatype)) return 'float';
  if (/^U?INT(8|16|32|64)$/.test(datatype)) return 'integer';
  if (datatype === 'BOOL') return 'boolean';
  if (datatype === 'BYTES') return 'string';
  return null;
}
