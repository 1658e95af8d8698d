import { CompiledQuery, type Kysely } from 'kysely';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';

/**
 * Bound parameters per statement. SQLite allows 32766 and Postgres 65535; staying below both
 * lets one chunking rule serve either database.
 */
export const maxBoundParameters = 30_000;

/** Ids in one `IN (...)` list; well under the parameter limits, and short enough to plan fast. */
export const inListChunk = 5_000;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Stored integer ids travel as decimal strings; anything else cannot name a stored row. */
export function parseStoredId(id: string): number | undefined {
  if (!/^\d{1,15}$/.test(id)) return undefined;
  return Number(id);
}

/** A unique or primary-key violation, from either driver. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Inserts `rows` (values in `columns` order) as multi-row INSERTs chunked under the parameter
 * limit, each followed by `suffix` (e.g. an ON CONFLICT clause). This is the ingestion hot path:
 * building the statement text directly skips the query builder's per-value nodes, which cost about
 * as much as SQLite's own insert for 1000-row batches. `table`, `columns` and `suffix` are code
 * constants, never user input.
 */
export async function insertRows(
  db: Kysely<Schema>,
  dialect: SqlDialectName,
  table: keyof Schema,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): Promise<void> {
  await insertFlat(db, dialect, table, columns, rows.flat(), suffix);
}

/**
 * As `insertRows`, with the rows' values laid end to end (saves an array per row on hot paths).
 * One statement per chunk of rows, sized to the data: the SQLite statement cache
 * (sqlite-statement-cache.ts) keeps the texts of common batch sizes prepared.
 */
export async function insertFlat(
  db: Kysely<Schema>,
  dialect: SqlDialectName,
  table: keyof Schema,
  columns: readonly string[],
  values: readonly unknown[],
  suffix = '',
): Promise<void> {
  const width = columns.length;
  const perChunk = Math.max(1, Math.floor(maxBoundParameters / width)) * width;
  for (let start = 0; start < values.length; start += perChunk) {
    const parameters = values.length <= perChunk ? (values as unknown[]) : values.slice(start, start + perChunk);
    const text = `insert into ${table} (${columns.join(', ')}) values ${valuesPlaceholders(dialect, width, parameters.length / width)} ${suffix}`;
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

function valuesPlaceholders(dialect: SqlDialectName, width: number, count: number): string {
  if (dialect === 'sqlite') {
    const tuple = `(${'?, '.repeat(width - 1)}?)`;
    return `${tuple}, `.repeat(count - 1) + tuple;
  }
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < count; r++) {
    const slots: string[] = [];
    for (let c = 0; c < width; c++) slots.push(`$${++n}`);
    tuples.push(`(${slots.join(', ')})`);
  }
  return tuples.join(', ');
}

const postgresText = new Map<string, string>();

/**
 * A query written once with `?` placeholders, for statements run on every request where the
 * builder's compile step would cost more than the database work. `text` is a code constant
 * (never user input, no `?` inside literals).
 */
export function rawQuery<R>(dialect: SqlDialectName, text: string, parameters: readonly unknown[]): CompiledQuery<R> {
  if (dialect === 'sqlite') return CompiledQuery.raw(text, [...parameters]) as CompiledQuery<R>;
  let numbered = postgresText.get(text);
  if (numbered === undefined) {
    let n = 0;
    numbered = text.replace(/\?/g, () => `$${++n}`);
    postgresText.set(text, numbered);
  }
  return CompiledQuery.raw(numbered, [...parameters]) as CompiledQuery<R>;
}
