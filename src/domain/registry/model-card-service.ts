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
}

/** Model cards: one per registered model, read with the completeness a promotion will quote. */
export class ModelCardService {
  constructor(private readonly options: ModelCardServiceOptions) {}

  async getCard(name: string): Promise<ModelCardView> {
    // The registry validates the name and answers NOT_FOUND for an unknown model.
    const model = await this.options.registry.getRegisteredModel(name);
    const card = (await this.options.store.getCard(model.name)) ?? emptyModelCard(model.name);
    return { card, completeness: cardCompleteness(card) };
  }

  async updateCard(name: string, fields: ModelCardFields, updatedBy = ''): Promise<ModelCardView> {
    await this.options.registry.getRegisteredModel(name);
    validateCardFields(fields, updatedBy);
    await this.options.store.putCard(name, fields, updatedBy, this.options.clock.now());
    return this.getCard(name);
  }

  /** Copies the latest metrics of the version's run into the card's evaluation summary. */
  async fillEvaluationFromVersion(name: string, version: string | number, updatedBy = ''): Promise<ModelCardView> {
    const mv = await this.options.registry.getModelVersion(name, version);
    if (mv.runId === '') throw invalidArgument(`version: version ${mv.version} of '${mv.name}' names no run to take metrics from`);
    const run = await this.options.tracking.getRun(mv.runId);
    const metrics = run.data.metrics.map((m) => ({ key: m.key, value: m.value })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const now = this.options.clock.now();
    await this.options.store.setEvaluation(mv.name, { version: mv.version, runId: mv.runId, metrics, filledTime: now }, updatedBy, now);
    return this.getCard(mv.name);
  }
}
