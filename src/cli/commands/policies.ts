import type { Command } from 'commander';
import type { EffectivePolicy, PolicyCheck, PolicyTier } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

interface SetFlags {
  project: string;
  approvals: number;
  separationOfDuties?: boolean;
  check?: string[];
  metric?: string;
  lowerIsBetter?: boolean;
}

function policyTable(policies: readonly EffectivePolicy[]): string {
  return formatTable(policies, [
    { header: 'TIER', cell: (p) => p.riskTier },
    { header: 'APPROVALS', cell: (p) => String(p.approvals), align: 'right' },
    { header: 'SOD', cell: (p) => (p.separationOfDuties ? 'yes' : 'no') },
    { header: 'CHECKS', cell: (p) => p.checks.join(' ') },
    { header: 'METRIC', cell: (p) => (p.metric ? `${p.metric.key} (${p.metric.higherIsBetter ? 'higher' : 'lower'} is better)` : '') },
    { header: 'SOURCE', cell: (p) => (p.source === 'project' ? `project (${p.updatedBy}, ${formatTime(p.updatedTime)})` : 'default') },
  ]);
}

/** `cairn policies list|set|reset`: promotion policies per project and risk tier. */
export function registerPoliciesCommand(program: Command): void {
  const policies = nounCommand(program, 'policies', 'promotion policies per project and risk tier: approvals, separation of duties, checks');

  withRemoteOptions(policies.command('list').description("every tier's policy as it applies in a project"))
    .option('--project <name>', 'project name', 'default')
    .action(
      remoteAction(async (client, output, flags: { project: string }) => {
        const list = await client.policies.list(flags.project);
        output.print(list, () => policyTable(list));
      }),
    );

  withRemoteOptions(
    policies
      .command('set')
      .description("set a tier's policy (low, medium, high, critical, or default for models without a risk tier)")
      .argument('<tier>')
      .option('--project <name>', 'project name', 'default')
      .requiredOption('--approvals <n>', 'distinct approvers needed', positiveInteger)
      .option('--separation-of-duties', 'approvers must differ from the requester')
      .option('--check <name...>', 'checks that must pass: card_complete, beats_current, run_finished')
      .option('--metric <key>', 'the metric candidates are compared on (needed by beats_current)')
      .option('--lower-is-better', 'the metric is a loss or an error'),
  ).action(
    remoteAction(async (client, output, tier: string, flags: SetFlags) => {
      const policy = await client.policies.set(flags.project, tier as PolicyTier, {
        approvals: flags.approvals,
        separationOfDuties: flags.separationOfDuties === true,
        checks: (flags.check ?? []) as PolicyCheck[],
        metric: flags.metric === undefined ? null : { key: flags.metric, higherIsBetter: flags.lowerIsBetter !== true },
      });
      output.print(policy, () => policyTable([policy]));
    }),
  );

  withRemoteOptions(policies.command('reset').description("go back to Cairn's default policy for a tier").argument('<tier>').option('--project <name>', 'project name', 'default')).action(
    remoteAction(async (client, output, tier: string, flags: { project: string }) => {
      const policy = await client.policies.reset(flags.project, tier as PolicyTier);
      output.print(policy, () => policyTable([policy]));
    }),
  );
}
