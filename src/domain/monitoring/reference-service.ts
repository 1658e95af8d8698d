import type { Authorizer } from '../access/authorizer.js';
import type { Clock } from '../clock.js';
import type { DeploymentStore } from '../deployments/deployment-store.js';
import { invalidArgument, notFound } from '../errors.js';
import type { PredictionStore } from '../predictions/prediction-store.js';
import { toDataTable, unknownOverrides, type ColumnTypeOverride, type RawTable } from './column-inference.js';
import type { DataTable } from './columns.js';
import type { MonitorReference, StoredMonitor } from './monitor.js';
import { predictionRawTable, type LoggedRecord } from './profile/prediction-table.js';
import { profileTable } from './profile/profile.js';
import { sketchLayout, WindowSketch, type SketchLayout } from './profile/window-sketch.js';
import { LineageDatasetReader, type LineageSources } from './reference-lineage.js';
import type { ReferenceStore } from './reference-store.js';

/** File formats a reference can be read from (runtime/data reads them). */
export type ReferenceFileFormat = 'csv' | 'parquet' | 'jsonl';

/** Reads table files; app.ts wires runtime/data's readers in, so the domain does no parsing I/O. */
export interface ReferenceTableReader {
  /** The format a file name or Content-Type names, or null. */
  formatOf(nameOrContentType: string): ReferenceFileFormat | null;
  read(bytes: Uint8Array, format: ReferenceFileFormat): Promise<RawTable>;
}

export const referenceLimits = {
  /** Bytes of an uploaded (or lineage) reference file. */
  fileBytes: 100 * 1024 * 1024,
  /** Predictions a `predictions` reference reads. */
  predictions: 200_000,
  /** Predictions read per page. */
  pageSize: 1_000,
} as const;

export interface ReferenceServiceOptions {
  store: ReferenceStore;
  /** The monitor by id (H5's monitor store). */
  monitors: { get(id: number): Promise<StoredMonitor | null> };
  deployments: Pick<DeploymentStore, 'get'>;
  predictions: Pick<PredictionStore, 'list'>;
  authorizer: Authorizer;
  tables: ReferenceTableReader;
  lineage: LineageSources;
  clock: Clock;
  /** A run could not follow its deployment to another version's training data; it kept the old reference. */
  onFollowError?: (monitor: StoredMonitor, error: unknown) => void;
}

/** What the monitor runner compares windows with. */
export interface LoadedReference {
  reference: MonitorReference;
  /** The column types it was set with: a lineage reference that follows its deployment is read with them again. */
  columnTypes: Record<string, ColumnTypeOverride>;
  layout: SketchLayout;
  sketch: WindowSketch;
}

export interface ReferenceOptions {
  /** Column types chosen instead of the inferred ones (`ignore` leaves a column out). */
  columnTypes?: Record<string, ColumnTypeOverride>;
}

/**
 * A monitor's reference: the data windows are compared with. It is summarised once, when set,
 * into a profile (for people), a sketch layout (the bins every window counts on) and the
 * reference's own sketch (what drift reads); the rows themselves are not kept.
 */
export class ReferenceService {
  constructor(private readonly options: ReferenceServiceOptions) {}

  /** The monitor's reference, unauthorized: for Cairn's own monitor runs. Null when none is set. */
  async get(monitorId: number): Promise<LoadedReference | null> {
    const stored = await this.options.store.get(monitorId);
    if (!stored) return null;
    const layout = stored.layout as SketchLayout;
    return { reference: stored.reference, columnTypes: stored.columnTypes, layout, sketch: WindowSketch.fromJSON(layout, stored.sketch) };
  }

  /** The reference as people read it; NOT_FOUND when the monitor has none. */
  async show(monitorId: number): Promise<MonitorReference> {
    const monitor = await this.monitor(monitorId);
    await this.options.authorizer.requireProject(monitor.projectId, 'read');
    const stored = await this.options.store.get(monitorId);
    if (!stored) throw notFound(`Monitor ${monitorId} has no reference yet; set one with PUT /api/v1/monitors/${monitorId}/reference`);
    return stored.reference;
  }

  /** From a file's bytes; the format comes from the Content-Type, else from the file name. */
  async setFromFile(monitorId: number, file: { bytes: Uint8Array; contentType?: string; name?: string }, options: ReferenceOptions = {}): Promise<MonitorReference> {
    const monitor = await this.editable(monitorId);
    if (file.bytes.length === 0) throw invalidArgument('reference file is empty');
    if (file.bytes.length > referenceLimits.fileBytes) throw invalidArgument(`reference file is ${file.bytes.length} bytes; at most ${referenceLimits.fileBytes} are accepted`);
    const format = this.format(file.contentType, file.name);
    const raw = await this.options.tables.read(file.bytes, format);
    return this.save(monitor, 'upload', file.name ?? `uploaded ${format} file`, raw, options);
  }

  /** From the training dataset of the version the deployment serves, when Cairn holds its file. */
  async setFromLineage(monitorId: number, options: ReferenceOptions = {}): Promise<MonitorReference> {
    return this.fromLineage(await this.editable(monitorId), options);
  }

  /**
   * The reference a run of `monitor` compares with. A `lineage` reference follows the deployment:
   * when it now serves another version, that version's training dataset becomes the reference
   * (audited as the run's caller). When that cannot be read, the run keeps the old reference and
   * `onFollowError` hears why.
   */
  async forRun(monitor: StoredMonitor): Promise<LoadedReference | null> {
    const loaded = await this.get(monitor.id);
    const from = loaded?.reference.modelVersion;
    if (!loaded || loaded.reference.source !== 'lineage' || !from) return loaded;
    try {
      const served = await this.reader().servedVersion((await this.deployment(monitor)).current.spec);
      if (served.model === from.model && served.version === from.version) return loaded;
      await this.fromLineage(monitor, { columnTypes: loaded.columnTypes });
    } catch (error) {
      this.options.onFollowError?.(monitor, error);
      return loaded;
    }
    return this.get(monitor.id);
  }

  private async fromLineage(monitor: StoredMonitor, options: ReferenceOptions): Promise<MonitorReference> {
    const dataset = await this.reader().read((await this.deployment(monitor)).current.spec);
    const format = this.options.tables.formatOf(dataset.path);
    if (!format) throw invalidArgument(`training dataset ${dataset.description} is not a CSV, Parquet or JSON lines file (by its name); upload the reference file instead`);
    const raw = await this.options.tables.read(dataset.bytes, format);
    return this.save(monitor, 'lineage', dataset.description, raw, options, { model: dataset.model, version: dataset.version });
  }

  private reader(): LineageDatasetReader {
    return new LineageDatasetReader(this.options.lineage, referenceLimits.fileBytes);
  }

  private async deployment(monitor: StoredMonitor) {
    const deployment = await this.options.deployments.get(monitor.deployment);
    if (!deployment) throw notFound(`Deployment '${monitor.deployment}' not found`);
    return deployment;
  }

  /** From the deployment's own predictions logged in [from, to) (epoch ms). */
  async setFromPredictions(monitorId: number, from: number, to: number, options: ReferenceOptions = {}): Promise<MonitorReference> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from) {
      throw invalidArgument(`from, to: must be epoch milliseconds with from < to, got ${from} and ${to}`);
    }
    const monitor = await this.editable(monitorId);
    const records = await this.readPredictions(monitor.deploymentId, from, to);
    if (records.length === 0) throw invalidArgument(`deployment '${monitor.deployment}' logged no predictions in [${new Date(from).toISOString()}, ${new Date(to).toISOString()})`);
    const raw = predictionRawTable(records, monitor.features);
    const description = `predictions ${new Date(from).toISOString()} to ${new Date(to).toISOString()} (${records.length})`;
    return this.save(monitor, 'predictions', description, raw, options);
  }

  private async readPredictions(deploymentId: number, from: number, to: number): Promise<LoggedRecord[]> {
    const out: LoggedRecord[] = [];
    // The log reads newest first below a cursor: start just below `to`, stop past `from`.
    let after = { time: to, id: '' };
    for (;;) {
      const page = await this.options.predictions.list(deploymentId, { limit: referenceLimits.pageSize, after });
      for (const p of page) {
        if (p.time < from) return out.reverse();
        if (out.length >= referenceLimits.predictions) {
          throw invalidArgument(`more than ${referenceLimits.predictions} predictions in the range; choose a shorter one`);
        }
        out.push({ inputs: p.inputs, outputs: p.outputs });
      }
      const last = page[page.length - 1];
      if (!last || page.length < referenceLimits.pageSize) return out.reverse();
      after = { time: last.time, id: last.id };
    }
  }

  private async save(monitor: StoredMonitor, source: MonitorReference['source'], description: string, raw: RawTable, options: ReferenceOptions, modelVersion?: MonitorReference['modelVersion']): Promise<MonitorReference> {
    const unknown = unknownOverrides([raw], options.columnTypes ?? {});
    if (unknown.length > 0) throw invalidArgument(`columnTypes: no column named ${unknown.join(', ')} (columns: ${raw.columns.map((c) => c.name).join(', ')})`);
    const { table } = toDataTable(raw, options.columnTypes ?? {});
    checkUsable(table);
    const layout = sketchLayout(table);
    const sketch = WindowSketch.empty(layout).add(table);
    return this.options.store.set({
      monitorId: monitor.id,
      projectId: monitor.projectId,
      source,
      description: description.slice(0, 1000),
      rows: table.rows,
      createdTime: this.options.clock.now(),
      createdBy: this.options.authorizer.caller().name,
      ...(modelVersion ? { modelVersion } : {}),
      columnTypes: options.columnTypes ?? {},
      profile: profileTable(table),
      layout,
      sketch: sketch.toJSON(),
    });
  }

  private format(contentType: string | undefined, name: string | undefined): ReferenceFileFormat {
    const byType = contentType ? this.options.tables.formatOf(contentType) : null;
    const format = byType ?? (name ? this.options.tables.formatOf(name) : null);
    if (!format) {
      throw invalidArgument(
        'reference file: unknown format; send Content-Type text/csv, application/vnd.apache.parquet or application/x-ndjson, or name the file (?name=data.csv)',
      );
    }
    return format;
  }

  private async monitor(monitorId: number): Promise<StoredMonitor> {
    const monitor = await this.options.monitors.get(monitorId);
    if (!monitor) throw notFound(`Monitor ${monitorId} not found`);
    return monitor;
  }

  private async editable(monitorId: number): Promise<StoredMonitor> {
    const monitor = await this.monitor(monitorId);
    await this.options.authorizer.requireProject(monitor.projectId, 'deploy', `to set the reference of monitor '${monitor.name}'`);
    return monitor;
  }
}

function checkUsable(table: DataTable): void {
  if (table.rows === 0) throw invalidArgument('reference has no rows');
  if (table.columns.length === 0) throw invalidArgument('reference has no numerical or categorical column (text and datetime columns are skipped; choose a type with columnTypes)');
}
