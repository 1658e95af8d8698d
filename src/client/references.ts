import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { MonitorReference } from '../domain/monitoring/monitor.js';
import type { Transport } from './transport.js';

export type { MonitorReference } from '../domain/monitoring/monitor.js';
export type { DatasetProfile, ColumnProfile } from '../domain/monitoring/profile/profile-types.js';

/** Column types chosen instead of the inferred ones; `ignore` leaves a column out. */
export type ReferenceColumnTypes = Record<string, 'numerical' | 'categorical' | 'ignore'>;

const contentTypes: Record<string, string> = {
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
  pq: 'application/vnd.apache.parquet',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
};

/**
 * What monitors compare windows with: `client.references`. Setting a reference needs role
 * deployer or admin in the deployment's project; reading it, viewer.
 */
export class ReferencesApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Sets the reference from a local CSV, Parquet or JSON lines file (at most 100 MiB); the format
   * comes from the extension.
   * @example
   * await client.references.upload(monitor.id, './train.csv', { columnTypes: { zip: 'categorical' } });
   */
  async upload(monitorId: number, file: string, options: { columnTypes?: ReferenceColumnTypes } = {}): Promise<MonitorReference> {
    const name = basename(file);
    const contentType = contentTypes[/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
    const bytes = await readFile(file);
    const answer = await this.transport.json<{ reference: MonitorReference }>('PUT', `/monitors/${monitorId}/reference`, {
      query: { name, columnTypes: encodeColumnTypes(options.columnTypes) },
      raw: { body: bytes, contentType },
    });
    return answer.reference;
  }

  /**
   * Sets the reference from the training dataset of the version the deployment serves (the run's
   * dataset input with context `training`), when its file is an artifact Cairn holds.
   * @example
   * await client.references.fromLineage(monitor.id);
   */
  async fromLineage(monitorId: number, options: { columnTypes?: ReferenceColumnTypes } = {}): Promise<MonitorReference> {
    const answer = await this.transport.json<{ reference: MonitorReference }>('PUT', `/monitors/${monitorId}/reference`, { body: { source: 'lineage', ...options } });
    return answer.reference;
  }

  /**
   * Sets the reference from the deployment's own predictions logged in [from, to) (epoch ms).
   * @example
   * await client.references.fromPredictions(monitor.id, Date.parse('2026-01-01'), Date.parse('2026-02-01'));
   */
  async fromPredictions(monitorId: number, from: number, to: number, options: { columnTypes?: ReferenceColumnTypes } = {}): Promise<MonitorReference> {
    const answer = await this.transport.json<{ reference: MonitorReference }>('PUT', `/monitors/${monitorId}/reference`, { body: { source: 'predictions', from, to, ...options } });
    return answer.reference;
  }

  /**
   * The monitor's reference with its profile.
   * @example
   * const { rows, profile } = await client.references.get(monitor.id);
   */
  async get(monitorId: number): Promise<MonitorReference> {
    const answer = await this.transport.json<{ reference: MonitorReference }>('GET', `/monitors/${monitorId}/reference`);
    return answer.reference;
  }
}

function encodeColumnTypes(types: ReferenceColumnTypes | undefined): string | undefined {
  if (!types || Object.keys(types).length === 0) return undefined;
  return Object.entries(types)
    .map(([name, type]) => `${name}=${type}`)
    .join(',');
}
