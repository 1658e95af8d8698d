import type { Transport } from './transport.js';
import type { CreateExperimentOptions, Experiment, ExperimentPage, KeyValue, SearchOptions } from './types.js';

/** Turns `{ team: 'risk' }` into the API's `[{ key: 'team', value: 'risk' }]`. */
export function toKeyValues(record: Record<string, string | number | boolean> | undefined): KeyValue[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value: String(value) }));
}

const path = (experimentId: string): string => `/experiments/${encodeURIComponent(experimentId)}`;

/** Experiments: `client.experiments`. */
export class ExperimentsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * One page of experiments matching a search.
   * @example
   * const page = await client.experiments.search({ filter: "name LIKE 'fraud%'", orderBy: ['name'] });
   * for (const e of page.experiments) console.log(e.experimentId, e.name);
   */
  search(options: SearchOptions = {}): Promise<ExperimentPage> {
    return this.transport.json('POST', '/experiments/search', { body: options });
  }

  /**
   * Every experiment matching a search, following page tokens.
   * @example
   * for await (const e of client.experiments.iterate({ viewType: 'ALL' })) console.log(e.name);
   */
  async *iterate(options: Omit<SearchOptions, 'pageToken'> = {}): AsyncGenerator<Experiment> {
    let pageToken: string | undefined;
    do {
      const page = await this.search({ ...options, ...(pageToken ? { pageToken } : {}) });
      yield* page.experiments;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /**
   * Creates an experiment; fails with `ALREADY_EXISTS` if the name is taken.
   * @example
   * const experiment = await client.experiments.create('fraud-model', { tags: { team: 'risk' } });
   */
  async create(name: string, options: CreateExperimentOptions = {}): Promise<Experiment> {
    const body = {
      name,
      tags: toKeyValues(options.tags),
      ...(options.artifactLocation ? { artifactLocation: options.artifactLocation } : {}),
      ...(options.project ? { project: options.project } : {}),
    };
    return (await this.transport.json<{ experiment: Experiment }>('POST', '/experiments', { body })).experiment;
  }

  /**
   * An experiment by id, deleted or not; fails with `NOT_FOUND` if there is none.
   * @example
   * const experiment = await client.experiments.get('1');
   */
  async get(experimentId: string): Promise<Experiment> {
    return (await this.transport.json<{ experiment: Experiment }>('GET', path(experimentId))).experiment;
  }

  /**
   * An experiment by name (an active one wins over a deleted one), or undefined if there is none.
   * @example
   * const experiment = (await client.experiments.getByName('fraud-model')) ?? (await client.experiments.create('fraud-model'));
   */
  async getByName(name: string): Promise<Experiment | undefined> {
    try {
      return (await this.transport.json<{ experiment: Experiment }>('GET', '/experiments/by-name', { query: { name } })).experiment;
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /**
   * Renames an experiment.
   * @example
   * await client.experiments.rename('1', 'fraud-model-v2');
   */
  async rename(experimentId: string, newName: string): Promise<Experiment> {
    return (await this.transport.json<{ experiment: Experiment }>('PATCH', path(experimentId), { body: { name: newName } })).experiment;
  }

  /**
   * Soft-deletes an experiment (its runs stop showing in searches); `restore` undoes it.
   * @example
   * await client.experiments.delete('1');
   */
  async delete(experimentId: string): Promise<Experiment> {
    return (await this.transport.json<{ experiment: Experiment }>('DELETE', path(experimentId))).experiment;
  }

  /**
   * Restores a deleted experiment.
   * @example
   * await client.experiments.restore('1');
   */
  async restore(experimentId: string): Promise<Experiment> {
    return (await this.transport.json<{ experiment: Experiment }>('POST', `${path(experimentId)}/restore`)).experiment;
  }

  /**
   * Sets or overwrites a tag.
   * @example
   * await client.experiments.setTag('1', 'owner', 'ana');
   */
  async setTag(experimentId: string, key: string, value: string): Promise<Experiment> {
    return (await this.transport.json<{ experiment: Experiment }>('POST', `${path(experimentId)}/tags`, { body: { key, value } })).experiment;
  }

  /**
   * Removes a tag.
   * @example
   * await client.experiments.deleteTag('1', 'owner');
   */
  async deleteTag(experimentId: string, key: string): Promise<Experiment> {
    return (await this.transport.json<{ experiment: Experiment }>('DELETE', `${path(experimentId)}/tags`, { query: { key } })).experiment;
  }
}
