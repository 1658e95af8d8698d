import { toKeyValues } from './experiments-api.js';
import type { Transport } from './transport.js';
import type { Metric, ModelDetail, ModelLineage, ModelPage, ModelVersion, RegisteredModel } from './types.js';

type WireMetric = Omit<Metric, 'value'> & { value: number | 'NaN' | 'Infinity' | '-Infinity' };

const path = (name: string): string => `/models/${encodeURIComponent(name)}`;

export interface ModelListOptions {
  /** Search grammar over `name` and `tags.<key>`, e.g. `name LIKE 'fraud%'`. */
  filter?: string;
  /** e.g. `['last_updated_timestamp DESC']`; name ascending by default. */
  orderBy?: string[];
  maxResults?: number;
  pageToken?: string;
}

export interface CreateVersionOptions {
  /** Taken from a `runs:/<runId>/...` source when absent. */
  runId?: string;
  description?: string;
  tags?: Record<string, string>;
}

/** The model registry: `client.models`. */
export class ModelsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * One page of registered models matching a search.
   * @example
   * const page = await client.models.list({ filter: "name LIKE 'fraud%'", orderBy: ['name'] });
   * for (const m of page.models) console.log(m.name, m.aliases);
   */
  list(options: ModelListOptions = {}): Promise<ModelPage> {
    const { orderBy, maxResults, ...rest } = options;
    const query = { ...rest, ...(orderBy ? { orderBy } : {}), ...(maxResults !== undefined ? { maxResults: String(maxResults) } : {}) };
    return this.transport.json('GET', '/models', { query });
  }

  /**
   * A registered model with every version (newest first) and its aliases; `NOT_FOUND` if there is none.
   * @example
   * const { model, versions } = await client.models.get('fraud-scorer');
   */
  get(name: string): Promise<ModelDetail> {
    return this.transport.json('GET', path(name));
  }

  /**
   * Registers a model name.
   * @example
   * await client.models.create('fraud-scorer', { description: 'Card fraud', tags: { team: 'risk' } });
   */
  async create(name: string, options: { description?: string; tags?: Record<string, string> } = {}): Promise<RegisteredModel> {
    const body = { name, tags: toKeyValues(options.tags), ...(options.description !== undefined ? { description: options.description } : {}) };
    return (await this.transport.json<{ model: RegisteredModel }>('POST', '/models', { body })).model;
  }

  /**
   * Registers a new version of a model from a run's artifacts.
   * @example
   * const version = await client.models.createVersion('fraud-scorer', `runs:/${run.runId}/model`);
   */
  async createVersion(name: string, source: string, options: CreateVersionOptions = {}): Promise<ModelVersion> {
    const { tags, ...rest } = options;
    const body = { source, ...rest, tags: toKeyValues(tags) };
    return (await this.transport.json<{ version: ModelVersion }>('POST', `${path(name)}/versions`, { body })).version;
  }

  /**
   * Points an alias at a version (an alias that exists moves); answers the model as it now is.
   * @example
   * await client.models.setAlias('fraud-scorer', 'champion', 3);
   */
  async setAlias(name: string, alias: string, version: number): Promise<RegisteredModel> {
    const url = `${path(name)}/aliases/${encodeURIComponent(alias)}`;
    return (await this.transport.json<{ model: RegisteredModel }>('PUT', url, { body: { version } })).model;
  }

  /**
   * Where a version came from: its run (even when deleted since), the run's code version, dataset
   * inputs, params and latest metrics. `run` is absent when the version names no run.
   * @example
   * const { run } = await client.models.lineage('fraud-scorer', 3);
   * console.log(run?.codeVersion.gitCommit, run?.datasets.map((d) => d.name));
   */
  async lineage(name: string, version: number): Promise<ModelLineage> {
    type Wire = Omit<ModelLineage, 'run'> & { run?: Omit<NonNullable<ModelLineage['run']>, 'metrics'> & { metrics: WireMetric[] } };
    const answer = await this.transport.json<Wire>('GET', `${path(name)}/versions/${version}/lineage`);
    if (!answer.run) return answer as ModelLineage;
    const metrics = answer.run.metrics.map((m): Metric => ({ ...m, value: Number(m.value) }));
    return { ...answer, run: { ...answer.run, metrics } };
  }
}
