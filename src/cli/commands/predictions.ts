import type { Command } from 'commander';
import type { LoggedTensor, Prediction, PredictionPage, PredictionWithLineage, ShadowOutcome } from '../../client/index.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatDatasets, formatFields, formatTable, formatTime } from '../table.js';

/** Values shown per tensor; --json prints them all. */
const shownValues = 8;

/** `input FP32 [2,4]: 1, 2, 3, 4, 5, 6, 7, 8, ... (8 values)`. */
function tensorText(t: LoggedTensor): string {
  const head = t.data.slice(0, shownValues).map(String).join(', ');
  const more = t.data.length > shownValues ? `, ... (${t.data.length} values)` : '';
  return `${t.name} ${t.datatype} [${t.shape.join(',')}]: ${head}${more}`;
}

function shadowText(s: ShadowOutcome): string {
  const outcome = s.error !== null ? `failed: ${s.error}` : (s.outputs ?? []).map(tensorText).join('; ');
  return `${s.model}:${s.version} in ${s.latencyMs.toFixed(1)} ms: ${outcome}`;
}

/** Label column of every section, so the values of the whole output line up. */
const width = 'Version source:'.length + 2;
const fieldLines = (fields: readonly [string, string][]) => formatFields(fields, width);

function predictionDetails({ prediction: p, lineage }: PredictionWithLineage): string {
  const sections = [
    fieldLines([
      ['Prediction', p.id],
      ['Time', formatTime(p.time)],
      ['Deployment', `${p.deployment} (project ${p.project}), revision ${p.revision}`],
      ['Model', `${p.model} version ${p.version}`],
      ['Latency', `${p.latencyMs.toFixed(2)} ms`],
      ['Inputs', p.inputs.map(tensorText).join('\n')],
      ['Outputs', p.outputs.map(tensorText).join('\n')],
      ['Shadows', p.shadows.length === 0 ? 'none' : p.shadows.map(shadowText).join('\n')],
    ]),
  ];
  if (!lineage) sections.push('\nLineage: none (the model version was deleted since)\n');
  else if (!lineage.run) sections.push(`\nLineage\n${fieldLines([['Version source', lineage.version.source], ['Run', 'none: the version was not registered from a run']])}`);
  else {
    const { run } = lineage;
    const code = run.codeVersion;
    const dirty = code.gitDirty ? ' (uncommitted changes)' : '';
    sections.push(
      '\nLineage\n' +
        fieldLines([
          ['Version source', lineage.version.source],
          ['Run', `${run.runId} (${run.runName})`],
          ['Experiment', `${run.experimentName} (${run.experimentId})`],
          ['Code', [code.sourceName, code.gitCommit && `commit ${code.gitCommit}${dirty}`, code.gitBranch && `branch ${code.gitBranch}`].filter(Boolean).join(', ') || 'not recorded'],
        ]),
    );
    sections.push(formatDatasets(run.datasets));
  }
  return sections.join('');
}

function predictionTable(page: PredictionPage): string {
  if (page.predictions.length === 0) return 'No predictions logged.\n';
  return formatTable<Prediction>(page.predictions, [
    { header: 'ID', cell: (p) => p.id },
    { header: 'TIME', cell: (p) => formatTime(p.time) },
    { header: 'REVISION', cell: (p) => String(p.revision), align: 'right' },
    { header: 'MODEL', cell: (p) => `${p.model}:${p.version}` },
    { header: 'LATENCY MS', cell: (p) => p.latencyMs.toFixed(2), align: 'right' },
    { header: 'SHADOWS', cell: (p) => String(p.shadows.length), align: 'right' },
  ]);
}

/** `cairn predictions show|list`: the prediction log. */
export function registerPredictionsCommand(program: Command): void {
  const predictions = nounCommand(program, 'predictions', "look up logged predictions and the lineage of the model that made them");

  withRemoteOptions(predictions.command('show').description('a logged prediction: inputs, outputs, shadows, and where its model came from').argument('<id>', 'prediction id (x-prediction-id)')).action(
    remoteAction(async (client, output, id: string) => {
      const found = await client.predictions.get(id);
      output.print(found, () => predictionDetails(found));
    }),
  );

  withRemoteOptions(predictions.command('list').description("a deployment's logged predictions, newest first").argument('<deployment>', 'deployment name'))
    .option('--max-results <n>', 'page size (at most 500)', positiveInteger, 50)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, deployment: string, flags: { maxResults: number; pageToken?: string }) => {
        const page = await client.predictions.list(deployment, { maxResults: flags.maxResults, ...(flags.pageToken ? { pageToken: flags.pageToken } : {}) });
        output.print(page, () => predictionTable(page));
        if (page.nextPageToken) output.note(`More predictions: add --page-token ${page.nextPageToken}`);
      }),
    );
}
