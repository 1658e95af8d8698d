import type { Command } from 'commander';
import type { Promotion, PromotionPage } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatFields, formatTable, formatTime } from '../table.js';

const statuses = ['open', 'approved', 'rejected', 'withdrawn'] as const;

function approvalCount(p: Promotion): string {
  const approvers = new Set(p.decisions.filter((d) => d.decision === 'approve').map((d) => d.actor));
  return `${approvers.size}/${p.policy.approvals}`;
}

/** A request with its evidence and decisions, as an approver reads it before deciding. */
export function promotionDetails(p: Promotion): string {
  const { evidence, policy } = p;
  const metric = evidence.metric;
  const fields: [string, string][] = [
    ['Request', p.id],
    ['Model', `${p.model} version ${p.version} -> ${p.alias}`],
    ['Project', p.project],
    ['Status', p.status],
    ['Requested', `${formatTime(p.createdTime)} by ${p.requestedBy}`],
    ['Comment', p.comment],
    ['Risk tier', evidence.riskTier ?? '(not assessed)'],
    ['Card', evidence.cardComplete ? 'complete' : `incomplete (missing: ${evidence.missingCardFields.join(', ')})`],
    [
      'Metric',
      metric === null
        ? '(the policy names none)'
        : `${metric.key} (${metric.higherIsBetter ? 'higher' : 'lower'} is better): candidate ${metric.candidate ?? '-'}, current ${metric.currentVersion === null ? '(nobody holds the alias)' : `v${metric.currentVersion} ${metric.current ?? '-'}`}`,
    ],
    ['Beats current', evidence.beatsCurrent === null ? '-' : evidence.beatsCurrent ? 'yes' : 'no'],
    ['Policy', `${policy.approvals} approval(s)${policy.separationOfDuties ? ', approvers other than the requester' : ''}`],
    ['Approvals', approvalCount(p)],
  ];
  let text = formatFields(fields);
  if (evidence.checks.length > 0) {
    text += '\nChecks\n' + formatTable(evidence.checks, [
      { header: 'CHECK', cell: (c) => c.name },
      { header: 'RESULT', cell: (c) => (c.passed ? 'passed' : 'FAILED') },
      { header: 'DETAIL', cell: (c) => c.detail },
    ]);
  }
  if (p.decisions.length > 0) {
    text += '\nDecisions\n' + formatTable(p.decisions, [
      { header: 'TIME', cell: (d) => formatTime(d.time) },
      { header: 'ACTOR', cell: (d) => d.actor },
      { header: 'DECISION', cell: (d) => d.decision },
      { header: 'COMMENT', cell: (d) => d.comment },
    ]);
  }
  return text;
}

function promotionTable(page: PromotionPage): string {
  if (page.promotions.length === 0) return 'No promotion requests.\n';
  return formatTable(page.promotions, [
    { header: 'ID', cell: (p) => p.id, align: 'right' },
    { header: 'MODEL', cell: (p) => p.model },
    { header: 'VERSION', cell: (p) => String(p.version), align: 'right' },
    { header: 'ALIAS', cell: (p) => p.alias },
    { header: 'STATUS', cell: (p) => p.status },
    { header: 'APPROVALS', cell: approvalCount },
    { header: 'CHECKS', cell: (p) => (p.evidence.checks.every((c) => c.passed) ? 'passed' : 'failed') },
    { header: 'REQUESTED BY', cell: (p) => p.requestedBy },
    { header: 'CREATED', cell: (p) => formatTime(p.createdTime) },
  ]);
}

/** What happened, in one line, after a decision. */
function outcome(p: Promotion): string {
  if (p.status === 'approved') return `Approved: alias '${p.alias}' of '${p.model}' now points at version ${p.version}.\n`;
  if (p.status === 'open') return `Approval recorded (${approvalCount(p)}); the request stays open.\n`;
  return `Request ${p.id} is ${p.status}.\n`;
}

/** `cairn models promote NAME VERSION --to ALIAS`, added to the models noun. */
export function addPromoteCommand(models: Command): void {
  withRemoteOptions(
    models
      .command('promote')
      .description('request that an alias (e.g. production) point at a version; approvers decide with `cairn approvals`')
      .argument('<name>')
      .argument('<version>', 'the version number', positiveInteger)
      .requiredOption('--to <alias>', 'the alias to move, e.g. production')
      .option('--comment <text>', 'why this version should be promoted'),
  ).action(
    remoteAction(async (client, output, name: string, version: number, flags: { to: string; comment?: string }) => {
      const request = await client.promotions.open(name, version, flags.to, flags.comment !== undefined ? { comment: flags.comment } : {});
      output.print(request, () => `Opened promotion request ${request.id}.\n\n${promotionDetails(request)}`);
    }),
  );
}

/** `cairn approvals list|show|approve|reject|withdraw`. */
export function registerApprovalsCommand(program: Command): void {
  const approvals = nounCommand(program, 'approvals', 'review promotion requests: their evidence, approvals and rejections');

  withRemoteOptions(approvals.command('list').description('list promotion requests, newest first (open ones by default)'))
    .option('--status <status>', `one of ${statuses.join(', ')}, or 'all'`, 'open')
    .option('--project <name>', 'only this project')
    .option('--model <name>', 'only this model')
    .option('--max-results <n>', 'page size', positiveInteger, 100)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, flags: { status: string; project?: string; model?: string; maxResults: number; pageToken?: string }) => {
        const page = await client.promotions.list({
          maxResults: flags.maxResults,
          ...(flags.status !== 'all' ? { status: flags.status as Promotion['status'] } : {}),
          ...(flags.project ? { project: flags.project } : {}),
          ...(flags.model ? { model: flags.model } : {}),
          ...(flags.pageToken ? { pageToken: flags.pageToken } : {}),
        });
        output.print(page, () => promotionTable(page));
        if (page.nextPageToken) output.note(`More requests: add --page-token ${page.nextPageToken}`);
      }),
    );

  withRemoteOptions(approvals.command('show').description('show a request with its evidence and decisions').argument('<id>')).action(
    remoteAction(async (client, output, id: string) => {
      const request = await client.promotions.get(id);
      output.print(request, () => promotionDetails(request));
    }),
  );

  for (const verb of ['approve', 'reject', 'withdraw'] as const) {
    const description = {
      approve: 'approve a request; the last approval its policy needs moves the alias',
      reject: 'reject a request; the alias stays where it is',
      withdraw: 'withdraw your own request',
    }[verb];
    withRemoteOptions(approvals.command(verb).description(description).argument('<id>').option('--comment <text>', 'recorded with the decision')).action(
      remoteAction(async (client, output, id: string, flags: { comment?: string }) => {
        const request = await client.promotions[verb](id, flags.comment !== undefined ? { comment: flags.comment } : {});
        output.print(request, () => outcome(request));
      }),
    );
  }
}
