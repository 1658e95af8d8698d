import { parquetMetadata, parquetRead, parquetSchema, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { RawColumn, RawKind, RawTable } from '../../domain/monitoring/column-inference.js';
import { invalidArgument } from '../../domain/errors.js';

type Cell = number | string | boolean | null;

/** The kind a flat Parquet column holds, from its physical and logical types. */
function kindOf(node: SchemaTree): { kind: RawKind; note?: string } {
  const { element } = node;
  if (node.children.length > 0 || element.repetition_type === 'REPEATED') return { kind: 'unsupported', note: 'nested Parquet column' };
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'TIMESTAMP' || logical === 'DATE' || logical === 'TIME' || converted === 'DATE' || converted?.startsWith('TIMESTAMP') || converted?.startsWith('TIME_')) return { kind: 'datetime' };
  if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16') return { kind: 'float' };
  switch (element.type) {
    case 'BOOLEAN':
      return { kind: 'boolean' };
    case 'INT32':
    case 'INT64':
      return { kind: 'integer' };
    case 'FLOAT':
    case 'DOUBLE':
      return { kind: 'float' };
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (logical === 'STRING' || logical === 'ENUM' || logical === 'JSON' || converted === 'UTF8' || converted === 'ENUM' || converted === 'JSON') return { kind: 'string' };
      return { kind: 'unsupported', note: 'binary Parquet column' };
    default:
      return { kind: 'unsupported', note: `Parquet type ${String(element.type)}` };
  }
}

/** One decoded cell as a raw value: INT64 arrives as bigint, timestamps as Date. */
function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return null;
}

/**
 * A Parquet file (every codec hyparquet-compressors decodes: snappy, gzip, brotli, zstd, lz4).
 * Flat columns are read; nested and binary ones come back as 'unsupported' so inference skips
 * them with a reason rather than failing the whole file.
 */
export async function parseParquet(bytes: Uint8Array): Promise<RawTable> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (error) {
    throw invalidArgument(`not a readable Parquet file: ${(error as Error).message}`);
  }
  const rows = Number(metadata.num_rows);
  const top = parquetSchema(metadata).children;
  const columns: RawColumn[] = top.map((node) => ({ name: node.element.name, values: new Array<Cell>(rows).fill(null), ...kindOf(node) }));
  const byName = new Map(columns.map((c) => [c.name, c]));
  const wanted = columns.filter((c) => c.kind !== 'unsupported').map((c) => c.name);
  if (wanted.length > 0) {
    try {
      await parquetRead({
        file,
        compressors,
        columns: wanted,
        onChunk({ columnName, columnData, rowStart }) {
          const target = byName.get(columnName)?.values;
          if (!target) return;
          for (let k = 0; k < columnData.length && rowStart + k < rows; k++) target[rowStart + k] = cell(columnData[k]);
        },
      });
    } catch (error) {
      throw invalidArgument(`Parquet file could not be decoded: ${(error as Error).message}`);
    }
  }
  return { rows, columns };
}
