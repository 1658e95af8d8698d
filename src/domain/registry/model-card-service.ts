import type { Authorizer } from '../access/authorizer.js';
import { unrestrictedAccess } from '../access/unrestricted-access.js';
import type { Clock } from '../clock.js';
import { invalidArgument } from '../errors.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import { cardCompleteness, emptyModelCard, validateCardFields, type CardCompleteness, type ModelCard, type ModelCardFields, type ModelCardStore } from './model-card.js';
import type { RegistryService } from './registry-service.js';

export interface ModelCardView {
  card: ModelCard;
  completeness: CardCompleteness;
}

export interface ModelCardServiceOptions {
  store: ModelCardStore;
  registry: RegistryService;
  tracking: TrackingService;
  clock: Clock;
  /** Who may do what (app.ts wires AccessControl); everything is allowed when absent. */
  access?: Authorizer;
}

/** Model cards: one per registered model, read with the completeness a promotion will quote. */
export class ModelCardService {
  private readonly access: Authorizer;

  constructor(private readonly options: ModelCardServiceOptions) {
    this.access = options.access ?? unrestrictedAccess;
  }

  async getCard(name: string): Promise<ModelCardView> {
    // The registry validates the name and answers NOT_FOUND for an unknown model.
    const model = await this.options.registry.getRegisteredModel(name);
    const card = (await this.options.store.getCard(model.name)) ?? emptyModelCard(model.name);
    return { card, completeness: cardCompleteness(card) };
  }

  /** Replaces the written fields; `updatedBy` is the caller (`local` without authentication), never what a request says. */
  async updateCard(name: string, fields: ModelCardFields): Promise<ModelCardView> {
    await this.options.registry.getRegisteredModel(name);
    await this.access.requireModel(name, 'write', `to edit the model card of '${name}'`);
    const updatedBy = this.access.caller().name;
    validateCardFields(fields, updatedBy);
    await this.options.store.putCard(name, fields, updatedBy, this.options.clock.now());
    return this.getCard(name);
  }

  /** Copies the latest metrics of the version's run into the card's evaluation summary. */
  async fillEvaluationFromVersion(name: string, version: string | number): Promise<ModelCardView> {
    const mv = await this.options.registry.getModelVersion(name, version);
    await this.access.requireModel(mv.name, 'write', `to edit the model card of '${mv.name}'`);
    if (mv.runId === '') throw invalidArgument(`version: version ${mv.version} of '${mv.name}' names no run to take metrics from`);
    const run = await this.options.tracking.getRun(mv.runId);
    const metrics = run.data.metrics.map((m) => ({ key: m.key, value: m.value })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const now = this.options.clock.now();
    await this.options.store.setEvaluation(mv.name, { version: mv.version, runId: mv.runId, metrics, filledTime: now }, this.access.caller().name, now);
    return this.getCard(mv.name);
  }
}
