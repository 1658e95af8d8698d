import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { Monitor, MonitorResult, MonitorRunSummary, MonitorSpecInput, MonitorWindowView } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatFields, formatTable, formatTime } from '../table.js';
import { timeOf } from './monitor-reference.js';

/** Reads a monitor spec (JSON) from a file, or from stdin with `-`. */
async function readSpec(path: string): Promise<MonitorSpecInput> {
  let text: string;
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as MonitorSpecInput;
  } catch (error) {
    throw new InvalidArgumentError(`--spec ${path}: not JSON (${(error as Error).message})`);
  }
}

const round = (x: number | null): string => (x === null ? '-' : String(Number(x.toPrecision(4))));

function windowText(m: Monitor): string {
  return m.window.kind === 'time' ? `every ${m.window.minutes} min` : `every ${m.window.predictions} predictions`;
}

function checkText(m: Monitor): string {
  return m.checks.map((c) => (c.kind === 'feature_drift' ? `feature_drift:${c.feature ?? '*'}` : c.kind === 'performance' ? `${c.metric}${c.min !== undefined ? `>=${c.min}` : ''}${c.max !== undefined ? `<=${c.max}` : ''}` : c.kind)).join(', ');
}

function monitorTable(monitors: Monitor[]): string {
  if (monitors.length === 0) return 'No monitors.\n';
  return formatTable(monitors, [
    { header: 'ID', cell: (m) => String(m.id), align: 'right' },
    { header: 'NAME', cell: (m) => m.name },
    { header: 'SCHEDULE', cell: (m) => m.schedule },
    { header: 'WINDOW', cell: (m) => windowText(m) },
    { header: 'CHECKS', cell: (m) => checkText(m) },
    { header: 'ENABLED', cell: (m) => (m.enabled ? 'yes' : 'no') },
  ]);
}

function monitorDetails(m: Monitor): string {
  return formatFields([
    ['Monitor', `${m.id} ${m.name}`],
    ['Deployment', `${m.deployment} (project ${m.project})`],
    ['Schedule', `${m.schedule} (UTC)${m.enabled ? '' : ', disabled'}`],
    ['Window', windowText(m)],
    ['Checks', checkText(m) || 'none'],
    ['Actions', m.actions.map((a) => a.kind).join(', ') || 'none'],
    ['Created', `${formatTime(m.createdTime)} by ${m.createdBy}`],
  ]);
}

function runText(run: MonitorRunSummary): string {
  return `Read ${run.predictionsRead} predictions, closed ${run.windowsClosed} windows, stored ${run.results} results; alerts opened ${run.alertsOpened}, resolved ${run.alertsResolved}.\n`;
}

function resultTable(results: MonitorResult[]): string {
  if (results.length === 0) return 'No results yet.\n';
  return formatTable(results, [
    { header: 'WINDOW START', cell: (r) => formatTime(r.windowStart) },
    { header: 'CHECK', cell: (r) => r.checkKey },
    { header: 'METHOD', cell: (r) => r.method },
    { header: 'VALUE', cell: (r) => round(r.value), align: 'right' },
    { header: 'THRESHOLD', cell: (r) => round(r.threshold), align: 'right' },
    { header: 'ROWS', cell: (r) => String(r.rows), align: 'right' },
    { header: 'RESULT', cell: (r) => (r.passed === null ? `not judged: ${r.note ?? ''}` : r.passed ? 'pass' : `FAIL (${r.severity})`) },
  ]);
}

function windowTable(windows: MonitorWindowView[]): string {
  if (windows.length === 0) return 'No windows yet.\n';
  return formatTable(windows, [
    { header: 'START', cell: (w) => formatTime(w.start) },
    { header: 'END', cell: (w) => formatTime(w.end) },
    { header: 'ROWS', cell: (w) => String(w.rows), align: 'right' },
    { header: 'STATE', cell: (w) => (w.closed ? 'closed' : 'open') },
    { header: 'DRIFTED', cell: (w) => (w.drift ? `${w.drift.dataset.driftedColumns}/${w.drift.dataset.columns}${w.drift.dataset.drift ? ' (dataset drift)' : ''}` : '-') },
    { header: 'LABELLED', cell: (w) => (w.performance ? String(w.performance.labelled) : '-'), align: 'right' },
  ]);
}

/** `cairn monitors ...`: monitors of deployments (`monitors reference` is added by monitor-reference.ts). */
export function registerMonitorsCommand(program: Command): void {
  const monitors = nounCommand(program, 'monitors', 'monitors of deployments: drift and performance over time windows');
  const id = (c: Command) => c.argument('<id>', 'monitor id', positiveInteger);

  withRemoteOptions(monitors.command('list').description("a deployment's monitors").argument('<deployment>')).action(
    remoteAction(async (client, output, deployment: string) => {
      const found = await client.monitors.list(deployment);
      output.print(found, () => monitorTable(found));
    }),
  );
  withRemoteOptions(monitors.command('create').description('create a monitor from a JSON spec (docs/monitoring.md)').argument('<deployment>').requiredOption('--spec <file>', "the spec as JSON, '-' for stdin")).action(
    remoteAction(async (client, output, deployment: string, flags: { spec: string }) => {
      const monitor = await client.monitors.create(deployment, await readSpec(flags.spec));
      output.print(monitor, () => monitorDetails(monitor));
    }),
  );
  withRemoteOptions(id(monitors.command('show').description('a monitor'))).action(
    remoteAction(async (client, output, monitorId: number) => {
      const monitor = await client.monitors.get(monitorId);
      output.print(monitor, () => monitorDetails(monitor));
    }),
  );
  withRemoteOptions(id(monitors.command('update').description("replace a monitor's spec")).requiredOption('--spec <file>', "the spec as JSON, '-' for stdin")).action(
    remoteAction(async (client, output, monitorId: number, flags: { spec: string }) => {
      const monitor = await client.monitors.update(monitorId, await readSpec(flags.spec));
      output.print(monitor, () => monitorDetails(monitor));
    }),
  );
  withRemoteOptions(id(monitors.command('delete').description('delete a monitor with its windows, results and alerts'))).action(
    remoteAction(async (client, output, monitorId: number) => {
      await client.monitors.delete(monitorId);
      output.print({ deleted: monitorId }, () => `Deleted monitor ${monitorId}.\n`);
    }),
  );
  withRemoteOptions(id(monitors.command('run').description('run a monitor now, outside its schedule'))).action(
    remoteAction(async (client, output, monitorId: number) => {
      const run = await client.monitors.run(monitorId);
      output.print(run, () => runText(run));
    }),
  );
  withRemoteOptions(
    id(monitors.command('results').description('results per check per window, oldest first'))
      .option('--check <key>', 'only this check, e.g. dataset_drift, feature_drift:age, performance:accuracy')
      .option('--from <time>', 'windows ending after this (epoch ms or ISO date)', timeOf)
      .option('--to <time>', 'windows starting before this', timeOf),
  ).action(
    remoteAction(async (client, output, monitorId: number, flags: { check?: string; from?: number; to?: number }) => {
      const results = await client.monitors.results(monitorId, { ...(flags.check ? { checkKey: flags.check } : {}), ...(flags.from !== undefined ? { from: flags.from } : {}), ...(flags.to !== undefined ? { to: flags.to } : {}) });
      output.print(results, () => resultTable(results));
    }),
  );
  withRemoteOptions(id(monitors.command('windows').description('windows newest first, the open one too')).option('--limit <n>', 'at most this many (default 20)', positiveInteger)).action(
    remoteAction(async (client, output, monitorId: number, flags: { limit?: number }) => {
      const windows = await client.monitors.windows(monitorId, flags.limit ?? 20);
      output.print(windows, () => windowTable(windows));
    }),
  );
}
