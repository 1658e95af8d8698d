import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { toDataTable, unknownOverrides, type ColumnTypeOverride, type RawTable } from '../../domain/monitoring/column-inference.js';
import type { ColumnType } from '../../domain/monitoring/columns.js';
import { driftMethodInfo, validateDriftOptions } from '../../domain/monitoring/drift/drift-options.js';
import type { DriftMethodId, DriftOptions, DriftReport, MethodChoice } from '../../domain/monitoring/drift/drift-types.js';
import { driftReportHtml } from '../../domain/monitoring/report/html-report.js';
import { invalidArgument } from '../../domain/errors.js';
import { readTableFile } from '../../runtime/data/read-table.js';
import { driftTablesInParallel } from '../../runtime/drift/parallel-drift.js';
import { driftSummary } from './drift-summary.js';

/** `cairn drift` exit codes: 0 compared, 1 dataset drift with --fail-on-drift, 2 bad flags or unreadable data. */
export const driftExitCodes = { ok: 0, drift: 1, error: 2 } as const;

interface DriftFlags {
  reference: string;
  current: string;
  html: string | false;
  json?: boolean;
  columnType?: Record<string, ColumnTypeOverride>;
  method?: Array<[string | null, string]>;
  threshold?: Array<[string | null, number]>;
  driftShare?: number;
  columns?: string[];
  failOnDrift?: boolean;
}

const columnTypeChoices = ['numerical', 'categorical', 'ignore'];

function columnType(value: string, previous: Record<string, ColumnTypeOverride> = {}): Record<string, ColumnTypeOverride> {
  const at = value.lastIndexOf('=');
  const type = value.slice(at + 1);
  if (at <= 0 || !columnTypeChoices.includes(type)) throw new InvalidArgumentError(`expected column=numerical|categorical|ignore, got '${value}'`);
  return { ...previous, [value.slice(0, at)]: type as ColumnTypeOverride };
}

/** `[column=]value`, repeatable; the column is null for the form that applies to every column. */
function scoped<T>(parse: (text: string) => T) {
  return (value: string, previous: Array<[string | null, T]> = []): Array<[string | null, T]> => {
    const at = value.lastIndexOf('=');
    return [...previous, at < 0 ? [null, parse(value)] : [value.slice(0, at), parse(value.slice(at + 1))]];
  };
}

function finiteNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${text}'`);
  return n;
}

/**
 * DriftOptions from the flags, checked by the drift module so bad methods and thresholds name
 * themselves. A method for every column that fits one type only (ks, wasserstein, ...) goes to
 * that type, so the other type keeps its default; a threshold for every column goes everywhere.
 */
function driftOptions(flags: DriftFlags, tested: ReadonlyMap<string, ColumnType>): DriftOptions {
  const columns: Record<string, MethodChoice> = {};
  let method: string | undefined;
  let threshold: number | undefined;
  const forColumn = (column: string) => {
    if (!tested.has(column)) throw invalidArgument(`--method/--threshold name column ${column}, which is not tested (tested: ${[...tested.keys()].join(', ') || 'none'})`);
    return (columns[column] ??= {});
  };
  for (const [column, id] of flags.method ?? []) {
    if (column === null) method = id;
    else {
      const type = tested.get(column);
      const fits = driftMethodInfo[id as DriftMethodId]?.columnTypes;
      if (type && fits && !fits.includes(type)) throw invalidArgument(`--method ${column}=${id}: ${id} does not apply to ${type} columns (${column} is ${type})`);
      forColumn(column).method = id as DriftMethodId;
    }
  }
  for (const [column, value] of flags.threshold ?? []) {
    if (column === null) threshold = value;
    else forColumn(column).threshold = value;
  }
  const options: Record<string, unknown> = {};
  const withThreshold = threshold === undefined ? {} : { threshold };
  const info = method === undefined ? undefined : driftMethodInfo[method as DriftMethodId];
  if (method !== undefined && info && info.columnTypes.length === 1) {
    options[info.columnTypes[0]!] = { method, ...withThreshold };
    if (threshold !== undefined) options.all = withThreshold;
  } else if (method !== undefined || threshold !== undefined) options.all = { ...(method === undefined ? {} : { method }), ...withThreshold };
  if (Object.keys(columns).length > 0) options.columns = columns;
  if (flags.driftShare !== undefined) options.driftShare = flags.driftShare;
  return validateDriftOptions(options);
}

/** Keeps the listed columns only (all when no list), complaining about names the reference lacks. */
function selectColumns(raw: RawTable, names: string[] | undefined, which: 'reference' | 'current'): RawTable {
  if (!names) return raw;
  if (which === 'reference') {
    const missing = names.filter((n) => !raw.columns.some((c) => c.name === n));
    if (missing.length > 0) throw invalidArgument(`--columns names ${missing.join(', ')}, which the reference does not have`);
  }
  return { rows: raw.rows, columns: raw.columns.filter((c) => names.includes(c.name)) };
}

async function runDrift(flags: DriftFlags): Promise<{ report: DriftReport; exitCode: number }> {
  const [referenceRaw, currentRaw] = await Promise.all([readTableFile(flags.reference), readTableFile(flags.current)]);
  const columnTypes = flags.columnType ?? {};
  const typos = unknownOverrides([referenceRaw, currentRaw], columnTypes);
  if (typos.length > 0) throw invalidArgument(`--column-type names ${typos.join(', ')}, which neither table has`);
  const reference = toDataTable(selectColumns(referenceRaw, flags.columns, 'reference'), columnTypes);
  // The current data is read with the reference's types, so a column cannot be tested as two kinds.
  const asReference: Record<string, ColumnTypeOverride> = Object.fromEntries(currentRaw.columns.map((c) => [c.name, 'ignore' as const]));
  for (const column of reference.table.columns) asReference[column.name] = column.type;
  let current;
  try {
    current = toDataTable(selectColumns(currentRaw, flags.columns, 'current'), asReference);
  } catch (error) {
    if (error instanceof Error) error.message = `current data, read with the reference's column types: ${error.message}`;
    throw error;
  }
  const options = driftOptions(flags, new Map(reference.table.columns.map((c) => [c.name, c.type])));
  const report = await driftTablesInParallel(reference.table, current.table, options);
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(driftSummary({ report, referenceName: basename(flags.reference), currentName: basename(flags.current), referenceRows: referenceRaw.rows, currentRows: currentRaw.rows, notTested: reference.skipped }));
  if (flags.json && reference.skipped.length > 0) process.stderr.write(`Not tested: ${reference.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}\n`);
  if (flags.html !== false) {
    const html = driftReportHtml({
      report,
      reference: reference.table,
      current: current.table,
      referenceName: basename(flags.reference),
      currentName: basename(flags.current),
      notTested: reference.skipped,
      generatedAt: new Date().toISOString(),
    });
    await writeFile(flags.html, html);
    process.stderr.write(`HTML report written to ${flags.html}\n`);
  }
  return { report, exitCode: flags.failOnDrift && report.dataset.drift ? driftExitCodes.drift : driftExitCodes.ok };
}

/** `cairn drift`: compares two data files column by column, with no server, and writes a one-file HTML report. */
export function registerDriftCommand(program: Command): void {
  program
    .command('drift')
    .description('compare a current data file with a reference one, column by column, for data drift (no server needed)')
    .requiredOption('--reference <file>', 'reference data: .csv, .tsv, .parquet, .jsonl or .ndjson')
    .requiredOption('--current <file>', 'current data, same formats')
    .option('--html <file>', 'where to write the HTML report', 'drift-report.html')
    .option('--no-html', 'write no HTML report')
    .option('--json', 'print the drift report as JSON instead of a table')
    .option('--column-type <column=type>', 'type a column: numerical, categorical or ignore (repeatable)', columnType)
    .option('--method <[column=]method>', 'drift method for one column, or for all without column= (repeatable), e.g. ks, psi, wasserstein', scoped((s) => s))
    .option('--threshold <[column=]value>', 'drift threshold for one column, or for all (repeatable)', scoped(finiteNumber))
    .addOption(new Option('--drift-share <share>', 'share of tested columns that must drift for dataset drift (default 0.5)').argParser(finiteNumber))
    .option('--columns <names>', 'test only these columns, comma-separated', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .option('--fail-on-drift', 'exit with 1 when the dataset drifts')
    .addHelpText('after', '\nExit codes: 0 compared (drift or not), 1 dataset drift with --fail-on-drift, 2 bad flags or unreadable data.\nSee docs/monitoring.md, "cairn drift".')
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? driftExitCodes.ok : driftExitCodes.error))
    .action(async (flags: DriftFlags) => {
      try {
        process.exitCode = (await runDrift(flags)).exitCode;
      } catch (error) {
        const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'ERROR';
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(flags.json ? `${JSON.stringify({ error: { code, message } })}\n` : `cairn: ${message} (${code})\n`);
        process.exitCode = driftExitCodes.error;
      }
    });
}
