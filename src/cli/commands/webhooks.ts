import { InvalidArgumentError, type Command } from 'commander';
import type { DeliveryPage, DeliveryStatus, PingResult, Webhook } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

const statuses: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

function deliveryStatus(value: string): DeliveryStatus {
  if (!(statuses as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${statuses.join(', ')}, got '${value}'`);
  return value as DeliveryStatus;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function webhookTable(webhooks: Webhook[]): string {
  if (webhooks.length === 0) return 'No webhooks.\n';
  return formatTable(webhooks, [
    { header: 'ID', cell: (w) => String(w.id), align: 'right' },
    { header: 'URL', cell: (w) => w.url },
    { header: 'EVENTS', cell: (w) => w.events.join(' ') },
    { header: 'CREATED', cell: (w) => `${formatTime(w.createdTime)} by ${w.createdBy}` },
    { header: 'DESCRIPTION', cell: (w) => w.description },
  ]);
}

function deliveryTable(page: DeliveryPage): string {
  if (page.deliveries.length === 0) return 'No deliveries.\n';
  return formatTable(page.deliveries, [
    { header: 'EVENT', cell: (d) => String(d.eventSeq), align: 'right' },
    { header: 'ACTION', cell: (d) => d.action },
    { header: 'RESOURCE', cell: (d) => d.resourceId },
    { header: 'STATUS', cell: (d) => d.status },
    { header: 'ATTEMPTS', cell: (d) => String(d.attempts), align: 'right' },
    { header: 'LAST RESULT', cell: (d) => lastResult(d.history) },
    { header: 'NEXT ATTEMPT', cell: (d) => formatTime(d.nextAttemptTime) },
    { header: 'DELIVERY ID', cell: (d) => d.id },
  ]);
}

function lastResult(history: DeliveryPage['deliveries'][number]['history']): string {
  const last = history[history.length - 1];
  if (!last) return '';
  return last.error ?? `HTTP ${last.responseStatus}`;
}

function pingLine(result: PingResult): string {
  const outcome = result.ok ? `delivered (HTTP ${result.responseStatus})` : `failed: ${result.error}`;
  return `Ping ${result.deliveryId} ${outcome} in ${result.durationMs} ms\n`;
}

/** `cairn webhooks list|create|delete|deliveries|test`. */
export function registerWebhooksCommand(program: Command): void {
  const webhooks = nounCommand(program, 'webhooks', "manage a project's webhooks and see their deliveries (needs role admin in the project)");

  withRemoteOptions(webhooks.command('list').description("list a project's webhooks"))
    .option('--project <name>', 'project name', 'default')
    .action(
      remoteAction(async (client, output, flags: { project: string }) => {
        const list = await client.webhooks.list(flags.project);
        output.print({ webhooks: list }, () => webhookTable(list));
      }),
    );

  withRemoteOptions(webhooks.command('create').description('create a webhook; prints its signing secret, shown only this once').argument('<url>', 'http(s) URL that receives the POSTs'))
    .option('--project <name>', 'project name', 'default')
    .option('--event <pattern>', "action pattern, repeatable: '*', 'model.*', 'model.alias.set', ... (default: model.*, model_version.*, promotion.*)", collect)
    .option('--description <text>', 'what the receiver is for')
    .action(
      remoteAction(async (client, output, url: string, flags: { project: string; event?: string[]; description?: string }) => {
        const created = await client.webhooks.create(flags.project, url, {
          ...(flags.event ? { events: flags.event } : {}),
          ...(flags.description !== undefined ? { description: flags.description } : {}),
        });
        output.print(created, () => `Created webhook ${created.webhook.id} for ${created.webhook.events.join(' ')}\nSecret: ${created.secret}\n`);
        output.note('Keep the secret: receivers verify X-Cairn-Signature with it, and it is never shown again.');
      }),
    );

  withRemoteOptions(webhooks.command('delete').description('delete a webhook and its deliveries').argument('<id>', 'webhook id', positiveInteger)).action(
    remoteAction(async (client, output, id: number) => {
      await client.webhooks.delete(id);
      output.print({ deleted: id }, () => `Deleted webhook ${id}\n`);
    }),
  );

  withRemoteOptions(webhooks.command('deliveries').description("a webhook's deliveries, newest event first").argument('<id>', 'webhook id', positiveInteger))
    .option('--status <status>', statuses.join(' | '), deliveryStatus)
    .option('--max-results <n>', 'page size', positiveInteger, 50)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, id: number, flags: { status?: DeliveryStatus; maxResults: number; pageToken?: string }) => {
        const page = await client.webhooks.deliveries(id, {
          maxResults: flags.maxResults,
          ...(flags.status ? { status: flags.status } : {}),
          ...(flags.pageToken ? { pageToken: flags.pageToken } : {}),
        });
        output.print(page, () => deliveryTable(page));
        if (page.nextPageToken) output.note(`More deliveries: add --page-token ${page.nextPageToken}`);
      }),
    );

  withRemoteOptions(webhooks.command('test').description('send a signed webhook.ping now and show how the receiver answered').argument('<id>', 'webhook id', positiveInteger)).action(
    remoteAction(async (client, output, id: number) => {
      const result = await client.webhooks.test(id);
      output.print(result, () => pingLine(result));
      if (!result.ok) process.exitCode = 1;
    }),
  );
}
