import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTableBytes, readTableFile, tableFormatOf } from '../../../src/runtime/data/read-table.js';
import type { RawTable } from '../../../src/domain/monitoring/column-inference.js';

const vega = (name: string) => fileURLToPath(new URL(`../../../node_modules/vega-datasets/data/${name}`, import.meta.url));
const text = (s: string) => new TextEncoder().encode(s);
const column = (t: RawTable, name: string) => t.columns.find((c) => c.name === name)!;

async function invalid(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { code: string; message: string },
  );
  expect(error?.code).toBe('INVALID_ARGUMENT');
  return error!.message;
}

describe('tableFormatOf', () => {
  it('reads file extensions and content types, ignoring parameters and case', () => {
    expect(tableFormatOf('data/Reference.CSV')).toBe('csv');
    expect(tableFormatOf('a.tsv')).toBe('csv');
    expect(tableFormatOf('x.parquet')).toBe('parquet');
    expect(tableFormatOf('x.ndjson')).toBe('jsonl');
    expect(tableFormatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(tableFormatOf('application/vnd.apache.parquet')).toBe('parquet');
    expect(tableFormatOf('application/x-ndjson')).toBe('jsonl');
  });

  it('returns null for what names no table format', () => {
    expect(tableFormatOf('application/json')).toBeNull();
    expect(tableFormatOf('notes.txt')).toBeNull();
    expect(tableFormatOf('README')).toBeNull();
  });
});

describe('CSV', () => {
  it('reads seattle-weather.csv with numbers typed and text kept', async () => {
    const t = await readTableFile(vega('seattle-weather.csv'));
    expect(t.rows).toBe(1461);
    expect(t.columns.map((c) => c.name)).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(column(t, 'precipitation').kind).toBe('float');
    expect(column(t, 'temp_max').values.slice(0, 2)).toEqual([12.8, 10.6]);
    expect(column(t, 'weather').values[0]).toBe('drizzle');
  });

  it('handles quoted fields with delimiters, doubled quotes, line breaks, CRLF and a BOM', async () => {
    const t = await readTableBytes(text('\ufeffname,note,n\r\n"Smith, J","said ""hi""",1\r\n"two\nlines",plain,2\r\n'), 'csv');
    expect(t.rows).toBe(2);
    expect(column(t, 'name').values).toEqual(['Smith, J', 'two\nlines']);
    expect(column(t, 'note').values).toEqual(['said "hi"', 'plain']);
    expect(column(t, 'n')).toMatchObject({ kind: 'integer', values: [1, 2] });
  });

  it('marks missing cells null, keeps 1.0 a float, reads infinities and booleans', async () => {
    const t = await readTableBytes(text('a,b,c,d\n1.0,inf,true,x\n,-Infinity,FALSE,NA\n2,3,,1\n'), 'csv');
    expect(column(t, 'a')).toMatchObject({ kind: 'float', values: [1, null, 2] });
    expect(column(t, 'b').values).toEqual([Infinity, -Infinity, 3]);
    expect(column(t, 'c')).toMatchObject({ kind: 'boolean', values: [true, false, null] });
    // A column mixing words and numbers stays text, as pandas leaves it.
    expect(column(t, 'd')).toMatchObject({ values: ['x', null, '1'] });
    expect(column(t, 'd').kind).toBeUndefined();
  });

  it('sniffs tab and semicolon delimiters and skips blank lines', async () => {
    expect((await readTableFile(vega('unemployment.tsv'))).columns.map((c) => c.name)).toEqual(['id', 'rate']);
    const t = await readTableBytes(text('a;b\n1;2\n\n3;4\n'), 'csv');
    expect(t.rows).toBe(2);
    expect(column(t, 'b').values).toEqual([2, 4]);
  });

  it('names the line of a record with the wrong field count, counting quoted line breaks', async () => {
    expect(await invalid(readTableBytes(text('a,b\n"x\ny",1\n1,2,3\n'), 'csv'))).toMatch(/line 4: 3 fields, but the header has 2/);
  });

  it('names the line of a quote that is never closed', async () => {
    expect(await invalid(readTableBytes(text('a,b\n1,2\n3,"oops\n'), 'csv'))).toMatch(/line 3, field 2: quote opened here is never closed/);
  });

  it('rejects an empty file, duplicate column names and bytes that are not UTF-8', async () => {
    expect(await invalid(readTableBytes(text(''), 'csv'))).toMatch(/no header/);
    expect(await invalid(readTableBytes(text('a,a\n1,2\n'), 'csv'))).toMatch(/appears twice/);
    expect(await invalid(readTableBytes(new Uint8Array([0x61, 0x0a, 0xff, 0xfe]), 'csv'))).toMatch(/not valid UTF-8/);
  });
});

describe('JSON lines', () => {
  it('takes columns in order of first appearance and fills absent keys with null', async () => {
    const t = await readTableBytes(text('{"a":1,"b":"x"}\n\n{"b":"y","c":true}\n{"a":2.5}\n'), 'jsonl');
    expect(t.rows).toBe(3);
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(column(t, 'a').values).toEqual([1, null, 2.5]);
    expect(column(t, 'b').values).toEqual(['x', 'y', null]);
    expect(column(t, 'c').values).toEqual([null, true, null]);
  });

  it('names the line of bad JSON, a non-object and a nested value', async () => {
    expect(await invalid(readTableBytes(text('{"a":1}\n{"a":\n'), 'jsonl'))).toMatch(/line 2: not valid JSON/);
    expect(await invalid(readTableBytes(text('{"a":1}\n\n[1]\n'), 'jsonl'))).toMatch(/line 3: expected an object/);
    expect(await invalid(readTableBytes(text('{"a":{"b":1}}\n'), 'jsonl'))).toMatch(/line 1, key a: nested/);
  });
});

describe('Parquet', () => {
  it('reads the zstd-compressed flights-3m.parquet with integer, string and timestamp columns', async () => {
    const t = await readTableFile(vega('flights-3m.parquet'));
    expect(t.rows).toBe(3_000_000);
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['date', 'datetime'],
      ['delay', 'integer'],
      ['distance', 'integer'],
      ['origin', 'string'],
      ['destination', 'string'],
    ]);
    expect(column(t, 'delay').values.slice(0, 2)).toEqual([33, 19]);
    expect(column(t, 'origin').values[0]).toBe('LAS');
    expect(column(t, 'date').values[0]).toBe('2001-01-01T00:01:00.000Z');
    expect(column(t, 'delay').values.every((v) => v === null || typeof v === 'number')).toBe(true);
  }, 60_000);

  it('rejects bytes that are not Parquet', async () => {
    expect(await invalid(readTableBytes(text('a,b\n1,2\n'), 'parquet'))).toMatch(/not a readable Parquet file/);
  });
});

describe('readTableFile', () => {
  it('needs a known extension or a format, and names a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-table-'));
    const path = join(dir, 'data.txt');
    await writeFile(path, 'a\n1\n');
    expect(await invalid(readTableFile(path))).toMatch(/cannot tell the format/);
    expect((await readTableFile(path, 'csv')).rows).toBe(1);
    expect(await invalid(readTableFile(join(dir, 'absent.csv')))).toMatch(/no file/);
  });

  it('prefixes content errors with the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-table-'));
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'a,b\n1\n');
    expect(await invalid(readTableFile(path))).toBe(`${path}: CSV line 2: 1 fields, but the header has 2`);
  });
});
