import { toKeyValues } from './experiments-api.js';
import type { Transport } from './transport.js';
import type { Metric, ModelCardFields, ModelCardView, ModelDetail, ModelLineage, ModelPage, ModelVersion, RegisteredModel } from './types.js';

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

  /**
   * A model's card with its completeness (what a promotion request will quote). A model whose card
   * was never written answers an empty card with `updatedTime: null`.
   * @example
   * const { card, completeness } = await client.models.card('fraud-scorer');
   * if (!completeness.complete) console.log('missing:', completeness.missing.join(', '));
   */
  async card(name: string): Promise<ModelCardView> {
    return fromWireCard(await this.transport.json<WireCardView>('GET', `${path(name)}/card`));
  }

  /**
   * Replaces the card's written fields (omitted ones become empty, `riskTier` null); the evaluation
   * summary is kept. Text fields hold at most 20,000 characters.
   * @example
   * await client.models.updateCard('fraud-scorer', {
   *   owner: 'risk-team', intendedUse: 'Flag card transactions for review', limitations: 'EU only',
   *   trainingData: 'transactions 2024 H1', riskTier: 'high', riskRationale: 'Blocks payments',
   * });
   */
  async updateCard(name: string, fields: Partial<ModelCardFields>, options: { updatedBy?: string } = {}): Promise<ModelCardView> {
    const body = { ...fields, ...(options.updatedBy !== undefined ? { updatedBy: options.updatedBy } : {}) };
    return fromWireCard(await this.transport.json<WireCardView>('PUT', `${path(name)}/card`, { body }));
  }

  /**
   * Fills the card's evaluation summary with the latest metrics of the run behind a version.
   * @example
   * const { card } = await client.models.fillEvaluation('fraud-scorer', 3);
   * console.log(card.evaluation?.metrics);
   */
  async fillEvaluation(name: string, version: number, options: { updatedBy?: string } = {}): Promise<ModelCardView> {
    const body = { version, ...(options.updatedBy !== undefined ? { updatedBy: options.updatedBy } : {}) };
    return fromWireCard(await this.transport.json<WireCardView>('POST', `${path(name)}/card/evaluation`, { body }));
  }
}

type WireValue = number | 'NaN' | 'Infinity' | '-Infinity';
type WireEvaluation = Omit<NonNullable<ModelCardView['card']['evaluation']>, 'metrics'> & { metrics: { key: string; value: WireValue }[] };
type WireCardView = Omit<ModelCardView, 'card'> & { card: Omit<ModelCardView['card'], 'evaluation'> & { evaluation: WireEvaluation | null } };

function fromWireCard(view: WireCardView): ModelCardView {
  const { evaluation } = view.card;
  if (evaluation === null) return { ...view, card: { ...view.card, evaluation: null } };
  const metrics = evaluation.metrics.map((m) => ({ key: m.key, value: Number(m.value) }));
  return { ...view, card: { ...view.card, evaluation: { ...evaluation, metrics } } };
}
