import { Option, type Command } from 'commander';
import type { CairnClient, Run, RunPage, ViewType } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions, type Output } from '../remote-command.js';
import { formatDuration, formatFields, formatTable, formatTime, type Column } from '../table.js';
import { resolveExperimentId } from './experiments.js';

const viewTypes: Record<string, ViewType> = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' };

interface SearchFlags {
  experiment: string[];
  filter?: string;
  orderBy?: string[];
  column?: string[];
  view: string;
  maxResults: number;
  pageToken?: string;
}

/** `metrics.auc`, `params.lr`, `tags.team`: an extra column showing that value of each run. */
function valueColumn(spec: string): Column<Run> {
  const dot = spec.indexOf('.');
  const kind = spec.slice(0, dot);
  const key = spec.slice(dot + 1);
  const cell = (run: Run): string => {
    if (kind === 'metrics' || kind === 'metric') return String(run.data.metrics.find((m) => m.key === key)?.value ?? '');
    const list = kind === 'params' || kind === 'param' ? run.data.params : run.data.tags;
    return list.find((p) => p.key === key)?.value ?? '';
  };
  return { header: spec, cell, align: kind.startsWith('metric') ? 'right' : 'left' };
}

export function runTable(runs: readonly Run[], extraColumns: readonly string[] = []): string {
  return formatTable(runs, [
    { header: 'RUN ID', cell: (r) => r.info.runId },
    { header: 'NAME', cell: (r) => r.info.runName },
    { header: 'STATUS', cell: (r) => r.info.status },
    { header: 'STARTED', cell: (r) => formatTime(r.info.startTime) },
    { header: 'DURATION', cell: (r) => (r.info.endTime === null ? '' : formatDuration(r.info.endTime - r.info.startTime)), align: 'right' },
    ...extraColumns.map(valueColumn),
  ]);
}

function runDetails(run: Run): string {
  const { info, data, inputs } = run;
  const fields: [string, string][] = [
    ['Run ID', info.runId],
    ['Name', info.runName],
    ['Experiment', info.experimentId],
    ['Status', info.status],
    ['Stage', info.lifecycleStage],
    ['User', info.userId],
    ['Started', formatTime(info.startTime)],
    ['Ended', formatTime(info.endTime)],
    ['Artifacts', info.artifactUri],
  ];
  const sections = [formatFields(fields)];
  const section = (title: string, body: string) => sections.push(`\n${title}\n${body}`);
  if (data.params.length > 0) section('Params', formatTable(data.params, [{ header: 'KEY', cell: (p) => p.key }, { header: 'VALUE', cell: (p) => p.value }]));
  if (data.metrics.length > 0) {
    section(
      'Metrics (latest)',
      formatTable(data.metrics, [
        { header: 'KEY', cell: (m) => m.key },
        { header: 'VALUE', cell: (m) => String(m.value), align: 'right' },
        { header: 'STEP', cell: (m) => String(m.step), align: 'right' },
        { header: 'TIME', cell: (m) => formatTime(m.timestamp) },
      ]),
    );
  }
  if (data.tags.length > 0) section('Tags', formatTable(data.tags, [{ header: 'KEY', cell: (t) => t.key }, { header: 'VALUE', cell: (t) => t.value }]));
  if (inputs.datasetInputs.length > 0) {
    section(
      'Datasets',
      formatTable(inputs.datasetInputs, [
        { header: 'NAME', cell: (d) => d.dataset.name },
        { header: 'DIGEST', cell: (d) => d.dataset.digest },
        { header: 'SOURCE', cell: (d) => d.dataset.source },
      ]),
    );
  }
  return sections.join('');
}

async function searchAndPrint(client: CairnClient, output: Output, flags: SearchFlags): Promise<void> {
  const experimentIds = await Promise.all(flags.experiment.map((e) => resolveExperimentId(client, e)));
  const page: RunPage = await client.runs.search({
    experimentIds,
    viewType: viewTypes[flags.view] ?? 'ACTIVE_ONLY',
    maxResults: flags.maxResults,
    ...(flags.filter ? { filter: flags.filter } : {}),
    ...(flags.orderBy ? { orderBy: flags.orderBy } : {}),
    ...(flags.pageToken ? { pageToken: flags.pageToken } : {}),
  });
  output.print(page, () => (page.runs.length === 0 ? 'No runs.\n' : runTable(page.runs, flags.column)));
  if (page.nextPageToken) output.note(`More runs: add --page-token ${page.nextPageToken}`);
}

function withSearchOptions(command: Command): Command {
  return withRemoteOptions(command)
    .option('-e, --experiment <idOrName...>', 'experiments to look in', ['0'])
    .option('--column <key...>', 'extra columns, e.g. metrics.auc params.lr tags.team')
    .addOption(new Option('--view <which>', 'lifecycle stages to show').choices(Object.keys(viewTypes)).default('active'))
    .option('--max-results <n>', 'page size', positiveInteger, 100)
    .option('--page-token <token>', 'continue a listing');
}

/** `cairn runs list|show|search|delete`. */
export function registerRunsCommand(program: Command): void {
  const runs = nounCommand(program, 'runs', 'list, inspect, search and delete runs on a Cairn server');

  withSearchOptions(runs.command('list').description('list the runs of experiments, newest first')).action(
    remoteAction((client, output, flags: SearchFlags) => searchAndPrint(client, output, flags)),
  );

  withSearchOptions(runs.command('search').description('search runs with the filter grammar'))
    .requiredOption('--filter <expr>', "e.g. \"metrics.auc > 0.9 AND params.model = 'gbm'\"")
    .option('--order-by <key...>', "e.g. 'metrics.auc DESC'")
    .action(remoteAction((client, output, flags: SearchFlags) => searchAndPrint(client, output, flags)));

  withRemoteOptions(runs.command('show').description('show a run: info, params, latest metrics, tags, datasets').argument('<run-id>')).action(
    remoteAction(async (client, output, runId: string) => {
      const run = await client.runs.get(runId);
      output.print(run, () => runDetails(run));
    }),
  );

  withRemoteOptions(runs.command('delete').description('soft-delete a run (restorable)').argument('<run-id>')).action(
    remoteAction(async (client, output, runId: string) => {
      const run = await client.runs.delete(runId);
      output.print(run, () => `Deleted run ${run.info.runId} (${run.info.runName})\n`);
    }),
  );
}
