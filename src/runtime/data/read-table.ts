import { readFile } from 'node:fs/promises';
import type { RawTable } from '../../domain/monitoring/column-inference.js';
import { invalidArgument } from '../../domain/errors.js';
import { parseCsv } from './csv.js';
import { parseJsonLines } from './jsonl.js';
import { parseParquet } from './parquet.js';

export const tableFormats = ['csv', 'parquet', 'jsonl'] as const;
export type TableFormat = (typeof tableFormats)[number];

const byContentType: Record<string, TableFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/parquet': 'parquet',
  'application/x-ndjson': 'jsonl',
  'application/ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/jsonlines': 'jsonl',
  'application/json-lines': 'jsonl',
};

const byExtension: Record<string, TableFormat> = {
  csv: 'csv',
  tsv: 'csv',
  parquet: 'parquet',
  pq: 'parquet',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/** The format a file name (by its extension) or a Content-Type (parameters ignored) names; null when neither. */
export function tableFormatOf(fileNameOrContentType: string): TableFormat | null {
  const text = fileNameOrContentType.trim().toLowerCase();
  const mediaType = text.split(';')[0]!.trim();
  const fromType = byContentType[mediaType];
  if (fromType) return fromType;
  const extension = /\.([a-z0-9]+)$/.exec(mediaType)?.[1];
  return extension === undefined ? null : (byExtension[extension] ?? null);
}

/** A table from a file's bytes in the given format; bad content is INVALID_ARGUMENT naming the line (and field). */
export async function readTableBytes(bytes: Uint8Array, format: TableFormat): Promise<RawTable> {
  switch (format) {
    case 'parquet':
      return parseParquet(bytes);
    case 'csv':
    case 'jsonl': {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw invalidArgument(`${format === 'csv' ? 'CSV' : 'JSON lines'} file is not valid UTF-8 text`);
      }
      return format === 'csv' ? parseCsv(text) : parseJsonLines(text);
    }
    default:
      throw invalidArgument(`unknown table format ${String(format)} (use one of ${tableFormats.join(', ')})`);
  }
}

/** A table file from disk; the format comes from the extension unless given. */
export async function readTableFile(path: string, format?: TableFormat): Promise<RawTable> {
  const chosen = format ?? tableFormatOf(path);
  if (!chosen) throw invalidArgument(`cannot tell the format of ${path} from its name; name it .csv, .parquet or .jsonl, or give the format`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalidArgument(code === 'ENOENT' ? `no file ${path}` : `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return await readTableBytes(bytes, chosen);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'INVALID_ARGUMENT') error.message = `${path}: ${error.message}`;
    throw error;
  }
}
