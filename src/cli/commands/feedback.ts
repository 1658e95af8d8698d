import { InvalidArgumentError, type Command } from 'commander';
import { maxFeedbackItems, type Feedback, type FeedbackInput, type FeedbackPage, type FeedbackSource, type ReviewItem } from '../../client/index.js';
import type { RawTable } from '../../domain/monitoring/column-inference.js';
import type { TableFormat } from '../../runtime/data/read-table.js';
import { nounCommand, positiveInteger, remoteAction, withRemoteOptions } from '../remote-command.js';
import { formatTable, formatTime } from '../table.js';

const numberLiteral = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A label typed on the command line: a number when it reads as one (regression targets), else text. */
function labelOf(text: string, forceText: boolean): string | number {
  return !forceText && numberLiteral.test(text.trim()) ? Number(text) : text;
}

function sourceOf(value: string): FeedbackSource {
  if (value !== 'api' && value !== 'expert') throw new InvalidArgumentError(`expected api or expert, got '${value}'`);
  return value;
}

function formatOf(value: string): TableFormat {
  if (value !== 'csv' && value !== 'jsonl') throw new InvalidArgumentError(`expected csv or jsonl, got '${value}'`);
  return value;
}

/** The items of a table with columns prediction_id (or predictionId), label and optionally comment. */
export function feedbackItems(table: RawTable, file: string): FeedbackInput[] {
  const column = (...names: string[]) => table.columns.find((c) => names.includes(c.name));
  const ids = column('prediction_id', 'predictionId');
  const labels = column('label');
  const comments = column('comment');
  if (!ids || !labels) throw new Error(`${file}: needs the columns prediction_id and label (found ${table.columns.map((c) => c.name).join(', ') || 'none'})`);
  return Array.from({ length: table.rows }, (_, row): FeedbackInput => {
    const id = ids.values[row];
    if (id === null || id === undefined || String(id).trim() === '') throw new Error(`${file}: row ${row + 1} has no prediction_id`);
    const raw = labels.values[row] ?? null;
    const label = typeof raw === 'boolean' ? String(raw) : raw;
    const comment = comments?.values[row];
    return { predictionId: String(id), label, ...(comment !== null && comment !== undefined && String(comment) !== '' ? { comment: String(comment) } : {}) };
  });
}

function feedbackTable(page: FeedbackPage): string {
  if (page.feedback.length === 0) return 'No feedback recorded.\n';
  return formatTable<Feedback>(page.feedback, [
    { header: 'PREDICTION', cell: (f) => f.predictionId },
    { header: 'PREDICTED AT', cell: (f) => formatTime(f.predictionTime) },
    { header: 'LABEL', cell: (f) => (f.label === null ? '-' : String(f.label)) },
    { header: 'SOURCE', cell: (f) => f.source },
    { header: 'BY', cell: (f) => f.createdBy },
    { header: 'AT', cell: (f) => formatTime(f.createdTime) },
    { header: 'COMMENT', cell: (f) => f.comment ?? '' },
  ]);
}

function queueTable(items: ReviewItem[]): string {
  if (items.length === 0) return 'Nothing to review: every recent prediction has feedback.\n';
  return formatTable<ReviewItem>(items, [
    { header: 'PREDICTION', cell: (p) => p.id },
    { header: 'TIME', cell: (p) => formatTime(p.time) },
    { header: 'MODEL', cell: (p) => `${p.model}:${p.version}` },
    { header: 'UNCERTAINTY', cell: (p) => (p.uncertainty === null ? '-' : p.uncertainty.toFixed(3)), align: 'right' },
    { header: 'OUTPUTS', cell: (p) => p.outputs.map((o) => `${o.name}=${o.data.slice(0, 4).map(String).join(',')}${o.data.length > 4 ? ',...' : ''}`).join(' ') },
  ]);
}

/** `cairn feedback add|import|list|queue`: ground truth for logged predictions. */
export function registerFeedbackCommand(program: Command): void {
  const feedback = nounCommand(program, 'feedback', 'label logged predictions (ground truth) and see what is waiting for review');

  withRemoteOptions(feedback.command('add').description('label one prediction; a later label replaces it').argument('<id>', 'prediction id (x-prediction-id)').argument('<label>', 'the true class, or number for regression'))
    .option('--comment <text>', "an expert's note")
    .option('--text', 'send the label as text even when it reads as a number')
    .option('--source <source>', 'api or expert (default expert)', sourceOf)
    .action(
      remoteAction(async (client, output, id: string, label: string, flags: { comment?: string; text?: boolean; source?: FeedbackSource }) => {
        const stored = await client.feedback.add(id, labelOf(label, flags.text === true), { ...(flags.comment !== undefined ? { comment: flags.comment } : {}), ...(flags.source ? { source: flags.source } : {}) });
        output.print({ feedback: stored }, () => `Recorded label ${String(stored.label)} for prediction ${stored.predictionId} (${stored.deployment}).\n`);
      }),
    );

  withRemoteOptions(feedback.command('import').description('label many predictions from a CSV or JSON lines file with columns prediction_id, label[, comment]').argument('<file>', '.csv or .jsonl file'))
    .requiredOption('--deployment <name>', 'the deployment the predictions belong to')
    .option('--format <format>', 'csv or jsonl (default: from the file name)', formatOf)
    .option('--source <source>', 'api or expert (default api)', sourceOf)
    .action(
      remoteAction(async (client, output, file: string, flags: { deployment: string; format?: TableFormat; source?: FeedbackSource }) => {
        // Loaded on use: the table readers (Parquet among them) need not load for every command.
        const { readTableFile } = await import('../../runtime/data/read-table.js');
        const items = feedbackItems(await readTableFile(file, flags.format), file);
        if (items.length === 0) throw new Error(`${file}: no rows`);
        // Each call is all-or-nothing; a file larger than one call is sent in parts, in order.
        let recorded = 0;
        for (let start = 0; start < items.length; start += maxFeedbackItems) {
          try {
            recorded += await client.feedback.addMany(flags.deployment, items.slice(start, start + maxFeedbackItems), flags.source ? { source: flags.source } : {});
          } catch (error) {
            if (start > 0 && error instanceof Error) error.message = `${error.message} (rows 1-${start} were recorded before this part failed)`;
            throw error;
          }
        }
        output.print({ recorded }, () => `Recorded ${recorded} labels for deployment ${flags.deployment}.\n`);
      }),
    );

  withRemoteOptions(feedback.command('list').description("a deployment's feedback, newest first").argument('<deployment>', 'deployment name'))
    .option('--max-results <n>', 'page size (at most 500)', positiveInteger, 50)
    .option('--page-token <token>', 'continue a listing')
    .action(
      remoteAction(async (client, output, deployment: string, flags: { maxResults: number; pageToken?: string }) => {
        const page = await client.feedback.list(deployment, { maxResults: flags.maxResults, ...(flags.pageToken ? { pageToken: flags.pageToken } : {}) });
        output.print(page, () => feedbackTable(page));
        if (page.nextPageToken) output.note(`More feedback: add --page-token ${page.nextPageToken}`);
      }),
    );

  withRemoteOptions(feedback.command('queue').description('recent predictions without feedback, for review').argument('<deployment>', 'deployment name'))
    .option('--strategy <strategy>', 'uncertainty (least confident first) or sample (at random)', 'uncertainty')
    .option('--limit <n>', 'how many (at most 100)', positiveInteger, 20)
    .action(
      remoteAction(async (client, output, deployment: string, flags: { strategy: string; limit: number }) => {
        const predictions = await client.feedback.reviewQueue(deployment, { strategy: flags.strategy as 'uncertainty' | 'sample', limit: flags.limit });
        output.print({ predictions }, () => queueTable(predictions));
      }),
    );
}
