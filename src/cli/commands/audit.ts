import type { Command } from 'commander';
import type { AuditChainReport, AuditPage } from '../../client/index.js';
import { exitCodes, nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

interface ListFlags {
  resourceType?: string;
  resource?: string;
  actor?: string;
  action?: string;
  project?: string;
  since?: string;
  until?: string;
  maxResults: number;
  pageToken?: string;
}

/** `key=value` pairs of an event's details, short enough for one table cell. */
function detailText(details: Record<string, unknown>): string {
  const text = Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function eventTable(page: AuditPage): string {
  if (page.events.length === 0) return 'No events.\n';
  return formatTable(page.events, [
    { header: 'SEQ', cell: (e) => String(e.seq), align: 'right' },
    { header: 'TIME', cell: (e) => formatTime(e.time) },
    { header: 'ACTOR', cell: (e) => e.actor },
    { header: 'ACTION', cell: (e) => e.action },
    { header: 'RESOURCE', cell: (e) => e.resourceId },
    { header: 'PROJECT', cell: (e) => e.project ?? '' },
    { header: 'DETAILS', cell: (e) => detailText(e.details) },
  ]);
}

function reportText(report: AuditChainReport): string {
  if (report.ok) return `Audit chain intact: ${report.checked} events checked (head at ${report.headSeq}).\n`;
  const broken = report.firstBroken!;
  return `Audit chain BROKEN at event ${broken.seq}: ${broken.reason} (${report.checked} events before it are intact; head at ${report.headSeq}).\n`;
}

/** `cairn audit list|verify`. */
export function registerAuditCommand(program: Command): void {
  const audit = nounCommand(program, 'audit', 'who changed what and when, and a check that the record is intact');

  withRemoteOptions(audit.command('list').description('list audit events, newest first'))
    .option('--resource-type <type>', 'e.g. experiment, run, artifact, model, model_version, model_card, project, promotion')
    .option('--resource <id>', "the resource's id: experiment id, run id, model name, name/version, ...")
    .option('--actor <user>', 'who made the change')
    .option('--action <action>', "an exact action (model.alias.set) or a prefix ending in '.' (model.)")
    .option('--project <name>', 'only events of this project')
    .option('--since <time>', 'from this time on: ISO 8601 (2026-11-27T10:00:00Z) or epoch milliseconds')
    .option('--until <time>', 'up to this time, inclusive')
    .option('--max-results <n>', 'page size (at most 1000)', positiveInteger, 100)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, flags: ListFlags) => {
        const page = await client.audit.list({
          maxResults: flags.maxResults,
          ...(flags.resourceType ? { resourceType: flags.resourceType } : {}),
          ...(flags.resource ? { resourceId: flags.resource } : {}),
          ...(flags.actor ? { actor: flags.actor } : {}),
          ...(flags.action ? { action: flags.action } : {}),
          ...(flags.project ? { project: flags.project } : {}),
          ...(flags.since ? { from: flags.since } : {}),
          ...(flags.until ? { to: flags.until } : {}),
          ...(flags.pageToken ? { pageToken: flags.pageToken } : {}),
        });
        output.print(page, () => eventTable(page));
        if (page.nextPageToken) output.note(`More events: add --page-token ${page.nextPageToken}`);
      }),
    );

  withRemoteOptions(audit.command('verify').description('recompute the hash chain; exits 1 and names the first broken event if it was tampered with')).action(
    remoteAction(async (client, output) => {
      const report = await client.audit.verify();
      if (report.ok) {
        output.print(report, () => reportText(report));
        return;
      }
      // A broken chain is a failure for scripts too: the report goes out, and the exit code says so.
      if (output.json) output.print(report, () => '');
      else process.stderr.write(reportText(report));
      process.exitCode = exitCodes.failed;
    }),
  );
}
