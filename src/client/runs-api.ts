import { toKeyValues } from './experiments-api.js';
import type { Transport } from './transport.js';
import type { CreateRunOptions, DatasetInput, LogBatchOptions, Metric, MetricHistory, Run, RunPage, RunStatus, SearchOptions, UpdateRunOptions } from './types.js';

type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';
type WireMetric = Omit<Metric, 'value'> & { value: WireNumber };
type WireRun = Omit<Run, 'data'> & { data: Omit<Run['data'], 'metrics'> & { metrics: WireMetric[] } };

/** JSON has no NaN or infinities; the API spells them as strings both ways. */
export function encodeMetricValue(value: number): WireNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

const decodeMetric = (metric: WireMetric): Metric => (typeof metric.value === 'number' ? (metric as Metric) : { ...metric, value: Number(metric.value) });
const decodeRun = (run: WireRun): Run => ({ ...run, data: { ...run.data, metrics: run.data.metrics.map(decodeMetric) } });
const path = (runId: string): string => `/runs/${encodeURIComponent(runId)}`;

export interface RunSearchOptions extends SearchOptions {
  /** Experiments to search in. */
  experimentIds: string[];
}

/** Runs: `client.runs`. For logging while training, `client.startRun()` is usually handier. */
export class RunsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a run in status RUNNING.
   * @example
   * const run = await client.runs.create({ experimentId: '1', runName: 'baseline', tags: { team: 'risk' } });
   */
  async create(options: CreateRunOptions = {}): Promise<Run> {
    const { tags, ...rest } = options;
    const answer = await this.transport.json<{ run: WireRun }>('POST', '/runs', { body: { ...rest, tags: toKeyValues(tags) } });
    return decodeRun(answer.run);
  }

  /**
   * A run with its params, tags and the latest value of each metric.
   * @example
   * const run = await client.runs.get(runId);
   * console.log(run.info.status, run.data.metrics);
   */
  async get(runId: string): Promise<Run> {
    return decodeRun((await this.transport.json<{ run: WireRun }>('GET', path(runId))).run);
  }

  /**
   * Renames a run or changes its status.
   * @example
   * await client.runs.update(runId, { runName: 'baseline-2' });
   */
  async update(runId: string, changes: UpdateRunOptions): Promise<Run> {
    return decodeRun((await this.transport.json<{ run: WireRun }>('PATCH', path(runId), { body: changes })).run);
  }

  /**
   * Ends a run with a terminal status (FINISHED by default) and the end time now.
   * @example
   * await client.runs.end(runId, 'FAILED');
   */
  end(runId: string, status: RunStatus = 'FINISHED', endTime: number = Date.now()): Promise<Run> {
    return this.update(runId, { status, endTime });
  }

  /**
   * Soft-deletes a run; `restore` undoes it.
   * @example
   * await client.runs.delete(runId);
   */
  async delete(runId: string): Promise<Run> {
    return decodeRun((await this.transport.json<{ run: WireRun }>('DELETE', path(runId))).run);
  }

  /**
   * Restores a deleted run.
   * @example
   * await client.runs.restore(runId);
   */
  async restore(runId: string): Promise<Run> {
    return decodeRun((await this.transport.json<{ run: WireRun }>('POST', `${path(runId)}/restore`)).run);
  }

  /**
   * One page of runs matching a search, in the requested order.
   * @example
   * const { runs } = await client.runs.search({ experimentIds: ['1'], filter: 'metrics.auc > 0.9', orderBy: ['metrics.auc DESC'], maxResults: 10 });
   */
  async search(options: RunSearchOptions): Promise<RunPage> {
    const page = await this.transport.json<{ runs: WireRun[]; nextPageToken?: string }>('POST', '/runs/search', { body: options });
    return { ...page, runs: page.runs.map(decodeRun) };
  }

  /**
   * Every run matching a search, following page tokens.
   * @example
   * for await (const run of client.runs.iterate({ experimentIds: ['1'] })) console.log(run.info.runName);
   */
  async *iterate(options: Omit<RunSearchOptions, 'pageToken'>): AsyncGenerator<Run> {
    let pageToken: string | undefined;
    do {
      const page = await this.search({ ...options, ...(pageToken ? { pageToken } : {}) });
      yield* page.runs;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /**
   * Logs metrics, params and tags in one all-or-nothing request (at most 1000 metrics, 100 params, 100 tags).
   * @example
   * await client.runs.logBatch(runId, { metrics: [{ key: 'loss', value: 0.3, step: 1 }], params: { lr: 0.01 }, tags: { stage: 'dev' } });
   */
  async logBatch(runId: string, batch: LogBatchOptions): Promise<void> {
    const now = Date.now();
    const metrics = (batch.metrics ?? []).map((m) => ({ key: m.key, value: encodeMetricValue(m.value), timestamp: m.timestamp ?? now, step: m.step ?? 0 }));
    await this.transport.json('POST', `${path(runId)}/batch`, { body: { metrics, params: toKeyValues(batch.params), tags: toKeyValues(batch.tags) } });
  }

  /**
   * Records the datasets a run used.
   * @example
   * await client.runs.logInputs(runId, [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'weather', digest: 'abc123', sourceType: 'local', source: 'data/weather.csv' } }]);
   */
  async logInputs(runId: string, datasets: DatasetInput[]): Promise<void> {
    await this.transport.json('POST', `${path(runId)}/inputs`, { body: { datasets } });
  }

  /**
   * Removes a tag from a run.
   * @example
   * await client.runs.deleteTag(runId, 'stage');
   */
  async deleteTag(runId: string, key: string): Promise<void> {
    await this.transport.json('DELETE', `${path(runId)}/tags`, { query: { key } });
  }

  /**
   * Every logged value of one metric, ordered by step then timestamp (pages are followed for you).
   * @example
   * const losses = await client.runs.getMetricHistory(runId, 'loss');
   * console.log(losses.map((m) => [m.step, m.value]));
   */
  async getMetricHistory(runId: string, key: string, options: { pageSize?: number } = {}): Promise<Metric[]> {
    const all: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.transport.json<MetricHistory & { metrics: WireMetric[] }>('GET', `${path(runId)}/metric-history`, {
        query: { key, maxResults: options.pageSize, pageToken },
      });
      for (const metric of page.metrics) all.push(decodeMetric(metric));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return all;
  }
}
