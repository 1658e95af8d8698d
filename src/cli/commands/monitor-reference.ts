import { InvalidArgumentError, type Command } from 'commander';
import type { ColumnProfile, MonitorReference, ReferenceColumnTypes } from '../../client/index.js';
import { nounCommand, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

function monitorIdOf(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1) throw new InvalidArgumentError(`expected a monitor id (a positive integer), got '${value}'`);
  return id;
}

/** Epoch milliseconds or an ISO date / date-time (UTC unless it says otherwise). */
export function timeOf(value: string): number {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parsed = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(parsed)) throw new InvalidArgumentError(`expected epoch milliseconds or an ISO date, got '${value}'`);
  return parsed;
}

function columnTypeOf(value: string, previous: ReferenceColumnTypes = {}): ReferenceColumnTypes {
  const eq = value.lastIndexOf('=');
  const name = value.slice(0, eq);
  const type = value.slice(eq + 1);
  if (eq <= 0 || (type !== 'numerical' && type !== 'categorical' && type !== 'ignore')) throw new InvalidArgumentError(`expected col=numerical|categorical|ignore, got '${value}'`);
  return { ...previous, [name]: type };
}

const round = (x: number | null): string => (x === null ? '-' : Number.isInteger(x) ? String(x) : x.toPrecision(4));

function summary(column: ColumnProfile): string {
  if (column.type === 'numerical') return column.count === 0 ? 'no finite values' : `mean ${round(column.mean)}, std ${round(column.std)}, min ${round(column.min)}, max ${round(column.max)}`;
  const top = column.values.slice(0, 3).map((v) => `${v.value} (${v.count})`);
  return `${column.distinct} values: ${top.join(', ')}${column.distinct > 3 ? ', ...' : ''}`;
}

export function referenceText(reference: MonitorReference): string {
  const head = `Monitor ${reference.monitorId} reference: ${reference.source} ${reference.description}\n${reference.rows} rows, set by ${reference.createdBy} at ${formatTime(reference.createdTime)}\n\n`;
  return (
    head +
    formatTable<ColumnProfile>(reference.profile.columns, [
      { header: 'COLUMN', cell: (c) => c.name },
      { header: 'TYPE', cell: (c) => c.type },
      { header: 'COUNT', cell: (c) => String(c.count), align: 'right' },
      { header: 'MISSING', cell: (c) => String(c.missing), align: 'right' },
      { header: 'SUMMARY', cell: summary },
    ])
  );
}

/**
 * `cairn monitors reference set|show`. Attached to the `monitors` noun when it exists (H5's
 * `cairn monitors`), else it makes the noun, so either registration order works.
 */
export function registerMonitorReferenceCommand(program: Command): void {
  const monitors = program.commands.find((c) => c.name() === 'monitors') ?? nounCommand(program, 'monitors', 'monitors of deployments: drift and performance over time windows');
  const reference = monitors.command('reference').description("a monitor's reference: the data windows are compared with");

  withRemoteOptions(
    reference
      .command('set')
      .description('set the reference from a file (CSV, Parquet, JSON lines; at most 100 MiB), the training dataset (--lineage) or logged predictions (--from/--to)')
      .argument('<monitor>', 'monitor id', monitorIdOf)
      .argument('[file]', 'reference file; its extension names the format'),
  )
    .option('--lineage', "use the training dataset of the version the deployment serves (the run's dataset input with context training)")
    .option('--from <time>', 'use the deployment predictions logged from this time (epoch ms or ISO date)', timeOf)
    .option('--to <time>', 'until this time, exclusive (default now)', timeOf)
    .option('--column-type <col=type>', 'numerical, categorical or ignore instead of the inferred type (repeatable)', columnTypeOf)
    .action(
      remoteAction(async (client, output, monitorId: number, file: string | undefined, flags: { lineage?: boolean; from?: number; to?: number; columnType?: ReferenceColumnTypes }) => {
        const sources = [file !== undefined, flags.lineage === true, flags.from !== undefined].filter(Boolean).length;
        if (sources !== 1) throw new Error('give exactly one of: a file, --lineage, or --from (with --to) for predictions');
        const options = flags.columnType ? { columnTypes: flags.columnType } : {};
        const set =
          file !== undefined
            ? await client.references.upload(monitorId, file, options)
            : flags.lineage
              ? await client.references.fromLineage(monitorId, options)
              : await client.references.fromPredictions(monitorId, flags.from!, flags.to ?? Date.now(), options);
        output.print({ reference: set }, () => referenceText(set));
      }),
    );

  withRemoteOptions(reference.command('show').description("show a monitor's reference and its profile").argument('<monitor>', 'monitor id', monitorIdOf)).action(
    remoteAction(async (client, output, monitorId: number) => {
      const shown = await client.references.get(monitorId);
      output.print({ reference: shown }, () => referenceText(shown));
    }),
  );
}
