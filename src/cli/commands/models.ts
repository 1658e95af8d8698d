import type { Command } from 'commander';
import type { ModelCardView, ModelDetail, ModelLineage, ModelPage } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatDatasets, formatFields, formatTable, formatTime } from '../table.js';
import { addPromoteCommand } from './approvals.js';
import { addModelEditCommands, versionDetails } from './models-edit.js';

interface ListFlags {
  filter?: string;
  orderBy?: string[];
  maxResults: number;
  pageToken?: string;
}

function modelTable(page: ModelPage): string {
  if (page.models.length === 0) return 'No models.\n';
  return formatTable(page.models, [
    { header: 'NAME', cell: (m) => m.name },
    { header: 'LATEST', cell: (m) => String(Math.max(0, ...m.latestVersions.map((v) => v.version)) || ''), align: 'right' },
    { header: 'ALIASES', cell: (m) => m.aliases.map((a) => `${a.alias}=${a.version}`).join(' ') },
    { header: 'UPDATED', cell: (m) => formatTime(m.lastUpdateTime) },
  ]);
}

function modelDetails({ model, versions }: ModelDetail): string {
  const fields: [string, string][] = [
    ['Name', model.name],
    ['Description', model.description],
    ['Created', formatTime(model.creationTime)],
    ['Updated', formatTime(model.lastUpdateTime)],
    ['Tags', model.tags.map((t) => `${t.key}=${t.value}`).join(' ')],
  ];
  if (versions.length === 0) return `${formatFields(fields)}\nNo versions.\n`;
  const table = formatTable(versions, [
    { header: 'VERSION', cell: (v) => String(v.version), align: 'right' },
    { header: 'ALIASES', cell: (v) => v.aliases.join(' ') },
    { header: 'STAGE', cell: (v) => v.currentStage },
    { header: 'RUN ID', cell: (v) => v.runId },
    { header: 'SOURCE', cell: (v) => v.source },
    { header: 'FORMAT', cell: (v) => (v.status === 'READY' ? v.format : 'pending') },
    { header: 'CREATED', cell: (v) => formatTime(v.creationTime) },
  ]);
  return `${formatFields(fields)}\nVersions\n${table}`;
}

function lineageDetails({ version, run }: ModelLineage): string {
  const head = formatFields([
    ['Model', `${version.name} version ${version.version}`],
    ['Source', version.source],
    ['Created', formatTime(version.creationTime)],
  ]);
  if (!run) return `${head}\nNo run: this version was not registered from a run.\n`;
  const code = run.codeVersion;
  const dirty = code.gitDirty === null ? '' : code.gitDirty ? ' (uncommitted changes)' : '';
  const sections = [
    head,
    '\nRun\n' +
      formatFields([
        ['Run ID', run.runId],
        ['Name', run.runName],
        ['Experiment', `${run.experimentName} (${run.experimentId})`],
        ['Status', run.status],
        ['Stage', run.lifecycleStage],
        ['User', run.userId],
        ['Started', formatTime(run.startTime)],
        ['Ended', formatTime(run.endTime)],
      ]),
    '\nCode\n' +
      formatFields([
        ['Source', [code.sourceName, code.sourceType && `(${code.sourceType})`].filter(Boolean).join(' ')],
        ['Commit', code.gitCommit ? `${code.gitCommit}${dirty}` : ''],
        ['Branch', code.gitBranch ?? ''],
      ]),
  ];
  const kv = [{ header: 'KEY', cell: (p: { key: string }) => p.key }];
  sections.push(formatDatasets(run.datasets));
  if (run.params.length > 0) sections.push('\nParams\n' + formatTable(run.params, [...kv, { header: 'VALUE', cell: (p) => p.value }]));
  if (run.metrics.length > 0) {
    sections.push('\nMetrics (latest)\n' + formatTable(run.metrics, [...kv, { header: 'VALUE', cell: (m) => String(m.value), align: 'right' }]));
  }
  return sections.join('');
}

function cardDetails({ card, completeness }: ModelCardView): string {
  const head = formatFields([
    ['Model', card.name],
    ['Risk tier', card.riskTier ?? '(not assessed)'],
    ['Rationale', card.riskRationale],
    ['Owner', card.owner],
    ['Intended use', card.intendedUse],
    ['Limitations', card.limitations],
    ['Training data', card.trainingData],
    ['Fairness notes', card.fairnessNotes],
    ['Updated', card.updatedTime === null ? 'never' : `${formatTime(card.updatedTime)}${card.updatedBy ? ` by ${card.updatedBy}` : ''}`],
    ['Complete', completeness.complete ? 'yes' : `no (missing: ${completeness.missing.join(', ')})`],
  ]);
  const { evaluation } = card;
  if (!evaluation) return `${head}\nNo evaluation summary.\n`;
  const title = `\nEvaluation (version ${evaluation.version}, run ${evaluation.runId})\n`;
  if (evaluation.metrics.length === 0) return `${head}${title}No metrics.\n`;
  const table = formatTable(evaluation.metrics, [
    { header: 'KEY', cell: (m) => m.key },
    { header: 'VALUE', cell: (m) => String(m.value), align: 'right' },
  ]);
  return `${head}${title}${table}`;
}

/** `cairn models list|show|lineage|card` (create, edits and uploads: models-edit.ts). */
export function registerModelsCommand(program: Command): void {
  const models = nounCommand(program, 'models', 'list and inspect registered models and where their versions came from');

  withRemoteOptions(models.command('list').description('list registered models, by name'))
    .option('--filter <expr>', "e.g. \"name LIKE 'fraud%'\"")
    .option('--order-by <key...>', "e.g. 'last_updated_timestamp DESC'")
    .option('--max-results <n>', 'page size', positiveInteger, 100)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, flags: ListFlags) => {
        const page = await client.models.list({
          maxResults: flags.maxResults,
          ...(flags.filter ? { filter: flags.filter } : {}),
          ...(flags.orderBy ? { orderBy: flags.orderBy } : {}),
          ...(flags.pageToken ? { pageToken: flags.pageToken } : {}),
        });
        output.print(page, () => modelTable(page));
        if (page.nextPageToken) output.note(`More models: add --page-token ${page.nextPageToken}`);
      }),
    );

  withRemoteOptions(
    models.command('show').description('show a model (versions and aliases), or one version (format, signature, files)').argument('<name>').argument('[version]', 'show this version', positiveInteger),
  ).action(
    remoteAction(async (client, output, name: string, version: number | undefined) => {
      if (version !== undefined) {
        const one = await client.models.getVersion(name, version);
        output.print(one, () => versionDetails(one));
        return;
      }
      const detail = await client.models.get(name);
      output.print(detail, () => modelDetails(detail));
    }),
  );

  withRemoteOptions(
    models.command('lineage').description('where a version came from: run, code version, datasets, params, metrics').argument('<name>').argument('<version>', 'the version number', positiveInteger),
  ).action(
    remoteAction(async (client, output, name: string, version: number) => {
      const lineage = await client.models.lineage(name, version);
      output.print(lineage, () => lineageDetails(lineage));
    }),
  );

  withRemoteOptions(models.command('card').description("show a model's card: risk tier, owner, intended use, evaluation, completeness").argument('<name>')).action(
    remoteAction(async (client, output, name: string) => {
      const view = await client.models.card(name);
      output.print(view, () => cardDetails(view));
    }),
  );

  addPromoteCommand(models);
  addModelEditCommands(models);
}
