import { InvalidArgumentError, type Command } from 'commander';
import type { Alert, AlertStatus } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

const statuses: readonly AlertStatus[] = ['open', 'acknowledged', 'resolved'];

function statusOf(value: string): AlertStatus {
  if (!(statuses as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected ${statuses.join(', ')}, got '${value}'`);
  return value as AlertStatus;
}

function alertTable(alerts: Alert[]): string {
  if (alerts.length === 0) return 'No alerts.\n';
  return formatTable(alerts, [
    { header: 'ID', cell: (a) => String(a.id), align: 'right' },
    { header: 'STATUS', cell: (a) => a.status },
    { header: 'SEVERITY', cell: (a) => a.severity },
    { header: 'MONITOR', cell: (a) => a.monitor },
    { header: 'CHECK', cell: (a) => a.checkKey },
    { header: 'SEEN', cell: (a) => `${a.occurrences}x, last ${formatTime(a.lastSeenTime)}` },
    { header: 'BY', cell: (a) => a.resolvedBy ?? a.acknowledgedBy ?? '-' },
  ]);
}

const alertLine = (a: Alert) => `Alert ${a.id} (${a.checkKey}) is ${a.status}.\n`;

/** `cairn alerts list|ack|resolve`: alerts monitors opened. */
export function registerAlertsCommand(program: Command): void {
  const alerts = nounCommand(program, 'alerts', 'alerts opened by monitors: list, acknowledge, resolve');
  withRemoteOptions(alerts.command('list').description("a deployment's alerts, most recently seen first").argument('<deployment>').option('--status <status>', 'open, acknowledged or resolved', statusOf)).action(
    remoteAction(async (client, output, deployment: string, flags: { status?: AlertStatus }) => {
      const found = await client.monitors.alerts(deployment, flags.status);
      output.print(found, () => alertTable(found));
    }),
  );
  withRemoteOptions(alerts.command('ack').description('acknowledge an open alert').argument('<id>', 'alert id', positiveInteger)).action(
    remoteAction(async (client, output, id: number) => {
      const alert = await client.monitors.acknowledge(id);
      output.print(alert, () => alertLine(alert));
    }),
  );
  withRemoteOptions(alerts.command('resolve').description('resolve an alert by hand').argument('<id>', 'alert id', positiveInteger)).action(
    remoteAction(async (client, output, id: number) => {
      const alert = await client.monitors.resolve(id);
      output.print(alert, () => alertLine(alert));
    }),
  );
}
