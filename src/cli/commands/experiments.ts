import { Option, type Command } from 'commander';
import { CairnApiError, type CairnClient, type Experiment, type ViewType } from '../../client/index.js';
import { collectKeyValue, nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

const viewTypes: Record<string, ViewType> = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };

interface ListFlags {
  filter?: string;
  orderBy?: string[];
  view: string;
  maxResults: number;
  pageToken?: string;
}

export function experimentTable(experiments: readonly Experiment[]): string {
  return formatTable(experiments, [
    { header: 'ID', cell: (e) => e.experimentId, align: 'right' },
    { header: 'NAME', cell: (e) => e.name },
    { header: 'STAGE', cell: (e) => e.lifecycleStage },
    { header: 'CREATED', cell: (e) => formatTime(e.creationTime) },
    { header: 'TAGS', cell: (e) => e.tags.map((t) => `${t.key}=${t.value}`).join(', ') },
  ]);
}

/** An experiment given as an id, or as a name when no experiment has that id. */
export async function resolveExperimentId(client: CairnClient, idOrName: string): Promise<string> {
  if (/^\d+$/.test(idOrName)) return idOrName;
  const experiment = await client.experiments.getByName(idOrName);
  if (!experiment) throw new CairnApiError('NOT_FOUND', `No experiment named '${idOrName}'`, 404);
  return experiment.experimentId;
}

/** `cairn experiments list|create|delete`. */
export function registerExperimentsCommand(program: Command): void {
  const experiments = nounCommand(program, 'experiments', 'list, create and delete experiments on a Cairn server');

  withRemoteOptions(experiments.command('list').description('list experiments'))
    .option('--filter <expr>', "search grammar, e.g. \"name LIKE 'fraud%'\"")
    .option('--order-by <key...>', "e.g. 'name ASC' 'creation_time DESC'")
    .addOption(new Option('--view <which>', 'lifecycle stages to show').choices(Object.keys(viewTypes)).default('active'))
    .option('--max-results <n>', 'page size', positiveInteger, 100)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, flags: ListFlags) => {
        const page = await client.experiments.search({
          viewType: viewTypes[flags.view] ?? 'ACTIVE_ONLY',
          maxResults: flags.maxResults,
          ...(flags.filter ? { filter: flags.filter } : {}),
          ...(flags.orderBy ? { orderBy: flags.orderBy } : {}),
          ...(flags.pageToken ? { pageToken: flags.pageToken } : {}),
        });
        output.print(page, () => (page.experiments.length === 0 ? 'No experiments.\n' : experimentTable(page.experiments)));
        if (page.nextPageToken) output.note(`More experiments: add --page-token ${page.nextPageToken}`);
      }),
    );

  withRemoteOptions(experiments.command('create').description('create an experiment and print its id').argument('<name>', 'unique experiment name'))
    .option('--tag <key=value>', 'a tag (repeatable)', collectKeyValue)
    .option('--artifact-location <uri>', 'where its runs store artifacts (the server decides by default)')
    .option('--project <name>', "the project it belongs to (the 'default' project by default)")
    .action(
      remoteAction(async (client, output, name: string, flags: { tag?: Record<string, string>; artifactLocation?: string; project?: string }) => {
        const experiment = await client.experiments.create(name, {
          ...(flags.tag ? { tags: flags.tag } : {}),
          ...(flags.artifactLocation ? { artifactLocation: flags.artifactLocation } : {}),
          ...(flags.project ? { project: flags.project } : {}),
        });
        output.print(experiment, () => `Created experiment ${experiment.experimentId} (${experiment.name}) in project ${experiment.project}\n`);
      }),
    );

  withRemoteOptions(experiments.command('delete').description('soft-delete an experiment (restorable)').argument('<experiment>', 'experiment id or name'))
    .action(
      remoteAction(async (client, output, idOrName: string) => {
        const experiment = await client.experiments.delete(await resolveExperimentId(client, idOrName));
        output.print(experiment, () => `Deleted experiment ${experiment.experimentId} (${experiment.name})\n`);
      }),
    );
}
