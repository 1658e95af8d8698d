import { toKeyValues } from './experiments-api.js';
import type { Transport } from './transport.js';
import { fileBody, localModelFiles, type UploadBody } from './model-upload.js';
import type { Metric, ModelCardFields, ModelCardView, ModelDetail, ModelFile, ModelPage, ModelVersion, ModelVersionDetail, ModelVersionLineage, RegisteredModel } from './types.js';

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
  async create(name: string, options: { description?: string; tags?: Record<string, string>; project?: string } = {}): Promise<RegisteredModel> {
    const body = {
      name,
      tags: toKeyValues(options.tags),
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.project ? { project: options.project } : {}),
    };
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
  async lineage(name: string, version: number): Promise<ModelVersionLineage> {
    type Wire = Omit<ModelVersionLineage, 'run'> & { run?: Omit<NonNullable<ModelVersionLineage['run']>, 'metrics'> & { metrics: WireMetric[] } };
    const answer = await this.transport.json<Wire>('GET', `${path(name)}/versions/${version}/lineage`);
    if (!answer.run) return answer as ModelVersionLineage;
    const metrics = answer.run.metrics.map((m): Metric => ({ ...m, value: Number(m.value) }));
    return { ...answer, run: { ...answer.run, metrics } };
  }

  /**
   * One version with its recorded files (sizes, sha256 digests), format and signature.
   * @example
   * const { version, files } = await client.models.getVersion('fraud-scorer', 3);
   * console.log(version.format, version.signature?.inputs, files.map((f) => f.sha256));
   */
  getVersion(name: string, version: number): Promise<ModelVersionDetail> {
    return this.transport.json('GET', `${path(name)}/versions/${version}`);
  }

  /**
   * Changes a model's description and/or renames it; answers the model as it now is.
   * @example
   * await client.models.update('fraud-scorer', { description: 'Card fraud, EU', newName: 'fraud-eu' });
   */
  async update(name: string, changes: { description?: string; newName?: string }): Promise<RegisteredModel> {
    return (await this.transport.json<{ model: RegisteredModel }>('PATCH', path(name), { body: changes })).model;
  }

  /**
   * Renames a model; its versions, aliases, tags and card follow.
   * @example
   * await client.models.rename('fraud-scorer', 'fraud-eu');
   */
  rename(name: string, newName: string): Promise<RegisteredModel> {
    return this.update(name, { newName });
  }

  /**
   * Deletes a model with its versions, tags, aliases and card.
   * @example
   * await client.models.delete('scratch-model');
   */
  async delete(name: string): Promise<void> {
    await this.transport.json('DELETE', path(name));
  }

  /**
   * Sets a tag of a model (an existing key takes the new value); answers the model.
   * @example
   * await client.models.setTag('fraud-scorer', 'team', 'risk');
   */
  async setTag(name: string, key: string, value: string): Promise<RegisteredModel> {
    return (await this.transport.json<{ model: RegisteredModel }>('PUT', `${path(name)}/tags/${encodeURIComponent(key)}`, { body: { value } })).model;
  }

  /**
   * Removes a tag of a model (a missing key is a no-op); answers the model.
   * @example
   * await client.models.deleteTag('fraud-scorer', 'team');
   */
  async deleteTag(name: string, key: string): Promise<RegisteredModel> {
    return (await this.transport.json<{ model: RegisteredModel }>('DELETE', `${path(name)}/tags/${encodeURIComponent(key)}`)).model;
  }

  /**
   * Changes a version's description and/or legacy stage; with `archiveExistingVersions` the others
   * in that stage (Staging or Production) move to Archived.
   * @example
   * await client.models.updateVersion('fraud-scorer', 3, { stage: 'Production', archiveExistingVersions: true });
   */
  async updateVersion(name: string, version: number, changes: { description?: string; stage?: string; archiveExistingVersions?: boolean }): Promise<ModelVersion> {
    return (await this.transport.json<{ version: ModelVersion }>('PATCH', `${path(name)}/versions/${version}`, { body: changes })).version;
  }

  /**
   * Sets a tag of a version; answers the version.
   * @example
   * await client.models.setVersionTag('fraud-scorer', 3, 'validated', 'yes');
   */
  async setVersionTag(name: string, version: number, key: string, value: string): Promise<ModelVersion> {
    const url = `${path(name)}/versions/${version}/tags/${encodeURIComponent(key)}`;
    return (await this.transport.json<{ version: ModelVersion }>('PUT', url, { body: { value } })).version;
  }

  /**
   * Removes a tag of a version (a missing key is a no-op); answers the version.
   * @example
   * await client.models.deleteVersionTag('fraud-scorer', 3, 'validated');
   */
  async deleteVersionTag(name: string, version: number, key: string): Promise<ModelVersion> {
    return (await this.transport.json<{ version: ModelVersion }>('DELETE', `${path(name)}/versions/${version}/tags/${encodeURIComponent(key)}`)).version;
  }

  /**
   * Deletes a version (its number is never reused); answers the model as it now is.
   * @example
   * await client.models.deleteVersion('fraud-scorer', 2);
   */
  async deleteVersion(name: string, version: number): Promise<RegisteredModel> {
    return (await this.transport.json<{ model: RegisteredModel }>('DELETE', `${path(name)}/versions/${version}`)).model;
  }

  /**
   * Creates a version for files uploaded directly (no run): it stays PENDING_REGISTRATION until
   * `finalizeVersion`. `uploadVersion` does all three steps.
   * @example
   * const pending = await client.models.createUploadVersion('fraud-scorer', { description: 'hand-built' });
   */
  async createUploadVersion(name: string, options: { description?: string; tags?: Record<string, string> } = {}): Promise<ModelVersion> {
    const body = { upload: true, tags: toKeyValues(options.tags), ...(options.description !== undefined ? { description: options.description } : {}) };
    return (await this.transport.json<{ version: ModelVersion }>('POST', `${path(name)}/versions`, { body })).version;
  }

  /**
   * Uploads one file of a pending version (streamed); answers its size and sha256.
   * @example
   * await client.models.uploadFile('fraud-scorer', 4, 'model.onnx', bytes);
   */
  async uploadFile(name: string, version: number, filePath: string, body: UploadBody): Promise<ModelFile> {
    const response = await this.transport.send('PUT', `/api/v1${path(name)}/versions/${version}/files/content`, {
      query: { path: filePath },
      raw: { body, contentType: 'application/octet-stream' },
    });
    return ((await response.json()) as { file: ModelFile }).file;
  }

  /**
   * Records a pending version's files, format and signature and makes it READY.
   * @example
   * const { version, files } = await client.models.finalizeVersion('fraud-scorer', 4);
   */
  finalizeVersion(name: string, version: number): Promise<ModelVersionDetail> {
    return this.transport.json('POST', `${path(name)}/versions/${version}/finalize`, { body: {} });
  }

  /**
   * Registers a local model file or folder as a new version: create, upload every file, finalize.
   * @example
   * const { version } = await client.models.uploadVersion('fraud-scorer', './model.onnx');
   * console.log(version.version, version.signature);
   */
  async uploadVersion(name: string, localPath: string, options: { description?: string; tags?: Record<string, string> } = {}): Promise<ModelVersionDetail> {
    const files = await localModelFiles(localPath);
    const pending = await this.createUploadVersion(name, options);
    for (const [filePath, local] of files) await this.uploadFile(name, pending.version, filePath, fileBody(local));
    return this.finalizeVersion(name, pending.version);
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
  async updateCard(name: string, fields: Partial<ModelCardFields>, options: { /** @deprecated Ignored: the server records the signed-in caller. */ updatedBy?: string } = {}): Promise<ModelCardView> {
    const body = { ...fields, ...(options.updatedBy !== undefined ? { updatedBy: options.updatedBy } : {}) };
    return fromWireCard(await this.transport.json<WireCardView>('PUT', `${path(name)}/card`, { body }));
  }

  /**
   * Fills the card's evaluation summary with the latest metrics of the run behind a version.
   * @example
   * const { card } = await client.models.fillEvaluation('fraud-scorer', 3);
   * console.log(card.evaluation?.metrics);
   */
  async fillEvaluation(name: string, version: number, options: { /** @deprecated Ignored: the server records the signed-in caller. */ updatedBy?: string } = {}): Promise<ModelCardView> {
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
