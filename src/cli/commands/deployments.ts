import type { Command } from 'commander';
import { CairnApiError, type CairnClient, type Deployment, type DeploymentRevision, type DeploymentSpec } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';
import { collectNumber, collectShadow, nonNegativeNumber, specFromFlags, type DeployFlags } from './deploy-flags.js';

/** `scorer:3 90%, scorer:4 10%` or `scorer@production`. */
function trafficText(spec: DeploymentSpec): string {
  if ('alias' in spec) return `${spec.alias.model}@${spec.alias.alias}`;
  return spec.versions.map((v) => `${v.model}:${v.version} ${v.weight}%`).join(', ');
}

function shadowText(spec: DeploymentSpec): string {
  return spec.shadows.map((s) => `${s.model}:${s.version}`).join(', ');
}

function deploymentTable(deployments: Deployment[]): string {
  if (deployments.length === 0) return 'No deployments.\n';
  return formatTable(deployments, [
    { header: 'NAME', cell: (d) => d.name },
    { header: 'PROJECT', cell: (d) => d.project },
    { header: 'REVISION', cell: (d) => String(d.current.revision), align: 'right' },
    { header: 'TRAFFIC', cell: (d) => trafficText(d.current.spec) },
    { header: 'SHADOWS', cell: (d) => shadowText(d.current.spec) },
    { header: 'UPDATED', cell: (d) => `${formatTime(d.lastUpdateTime)} by ${d.current.actor}` },
  ]);
}

function revisionTable(revisions: DeploymentRevision[]): string {
  return formatTable(revisions, [
    { header: 'REVISION', cell: (r) => String(r.revision), align: 'right' },
    { header: 'TIME', cell: (r) => formatTime(r.time) },
    { header: 'ACTOR', cell: (r) => r.actor },
    { header: 'TRAFFIC', cell: (r) => trafficText(r.spec) },
    { header: 'SHADOWS', cell: (r) => shadowText(r.spec) },
    { header: 'COMMENT', cell: (r) => r.comment },
  ]);
}

function detailText(d: Deployment): string {
  const spec = d.current.spec;
  const lines = [
    `Deployment ${d.name} (project ${d.project}), revision ${d.current.revision}`,
    `  traffic:   ${trafficText(spec)}`,
    `  shadows:   ${shadowText(spec) || 'none'}`,
    `  sticky:    ${spec.sticky ? `${spec.sticky.source} ${spec.sticky.name}` : 'none'}`,
    `  batching:  up to ${spec.batching.maxBatchSize} requests, waiting at most ${spec.batching.maxWaitMs} ms`,
    `  logging:   ${spec.logging.sampleRate * 100}% of predictions, kept ${spec.logging.retentionDays} days`,
    `  changed:   ${formatTime(d.current.time)} by ${d.current.actor}${d.current.comment ? `: ${d.current.comment}` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function currentOrNothing(client: CairnClient, name: string): Promise<Deployment | undefined> {
  try {
    return await client.deployments.get(name);
  } catch (error) {
    if (error instanceof CairnApiError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** `cairn deploy NAME ...`: creates the deployment, or gives it a new revision. */
export function registerDeployCommand(program: Command): void {
  const deploy = nounCommand(program, 'deploy', 'create a deployment or change what serves it (needs role deployer or admin in the project)');
  withRemoteOptions(deploy.argument('<name>', 'deployment name'))
    .option('--model <name>', 'registered model that serves the traffic')
    .option('--version <n>', 'model version, repeatable for a canary (pair each with --weight)', collectNumber)
    .option('--weight <percent>', 'share of traffic of the --version in the same position; weights sum to 100', collectNumber)
    .option('--alias <alias>', 'follow the version this alias points at, e.g. production')
    .option('--shadow <model:version>', 'also send each request here and log its answer, repeatable', collectShadow)
    .option('--clear-shadows', 'remove every shadow')
    .option('--sticky-header <name>', 'pin callers to one version by this request header')
    .option('--sticky-input <field>', 'pin callers to one version by this input field')
    .option('--no-sticky', 'turn sticky routing off')
    .option('--max-batch-size <n>', 'group concurrent requests up to this many (1: off)', positiveInteger)
    .option('--max-wait-ms <ms>', 'how long a batch waits for more requests', (v) => collectNumber(v)[0]!)
    .option('--sample-rate <rate>', 'share of predictions logged, 0 to 1', nonNegativeNumber)
    .option('--retention-days <days>', 'how long logged predictions are kept', positiveInteger)
    .option('--project <name>', 'project of a new deployment (default: default)')
    .option('--comment <text>', 'why: kept with the revision and in the audit trail')
    .action(
      remoteAction(async (client, output, name: string, raw: DeployFlags & { sticky?: boolean }) => {
        // commander turns --no-sticky into sticky: false.
        const flags: DeployFlags = { ...raw, noSticky: raw.sticky === false };
        const current = await currentOrNothing(client, name);
        const spec = specFromFlags(flags, current?.current.spec);
        if (typeof spec === 'string') return deploy.error(`cairn deploy: ${spec}`, { exitCode: 2 });
        if (current && flags.project !== undefined && flags.project !== current.project) {
          return deploy.error(`cairn deploy: deployment '${name}' belongs to project '${current.project}', not '${flags.project}'`, { exitCode: 2 });
        }
        const comment = flags.comment !== undefined ? { comment: flags.comment } : {};
        const result = current
          ? await client.deployments.update(name, spec, flags.comment)
          : await client.deployments.create(name, spec, { ...comment, ...(flags.project !== undefined ? { project: flags.project } : {}) });
        output.print(result, () => `${current ? 'Updated' : 'Created'} deployment ${name}, revision ${result.current.revision}: ${trafficText(result.current.spec)}\n`);
      }),
    );
}

/** `cairn deployments list|show|revisions|rollback`. */
export function registerDeploymentsCommand(program: Command): void {
  const deployments = nounCommand(program, 'deployments', 'see deployments and their revisions, and roll them back');

  withRemoteOptions(deployments.command('list').description('list deployments of the projects you may read'))
    .option('--project <name>', 'only this project')
    .action(
      remoteAction(async (client, output, flags: { project?: string }) => {
        const list = await client.deployments.list(flags.project);
        output.print({ deployments: list }, () => deploymentTable(list));
      }),
    );

  withRemoteOptions(deployments.command('show').description('a deployment and what serves it now').argument('<name>', 'deployment name')).action(
    remoteAction(async (client, output, name: string) => {
      const deployment = await client.deployments.get(name);
      output.print({ deployment }, () => detailText(deployment));
    }),
  );

  withRemoteOptions(deployments.command('revisions').description("a deployment's revisions, oldest first").argument('<name>', 'deployment name')).action(
    remoteAction(async (client, output, name: string) => {
      const revisions = await client.deployments.revisions(name);
      output.print({ revisions }, () => revisionTable(revisions));
    }),
  );

  withRemoteOptions(deployments.command('rollback').description('serve the previous revision again, as a new revision').argument('<name>', 'deployment name'))
    .option('--to <revision>', 'an earlier revision to return to (default: the one before the current)', positiveInteger)
    .option('--comment <text>', 'why')
    .action(
      remoteAction(async (client, output, name: string, flags: { to?: number; comment?: string }) => {
        const deployment = await client.deployments.rollback(name, { ...(flags.to !== undefined ? { revision: flags.to } : {}), ...(flags.comment !== undefined ? { comment: flags.comment } : {}) });
        output.print({ deployment }, () => `Rolled back deployment ${name}: revision ${deployment.current.revision} serves ${trafficText(deployment.current.spec)}\n`);
      }),
    );

  withRemoteOptions(deployments.command('delete').description('delete a deployment (the audit trail keeps its history)').argument('<name>', 'deployment name')).action(
    remoteAction(async (client, output, name: string) => {
      await client.deployments.delete(name);
      output.print({ deleted: name }, () => `Deleted deployment ${name}\n`);
    }),
  );
}
