import type { ColumnTypeOverride } from './column-inference.js';
import type { MonitorReference } from './monitor.js';

/** A reference as written: the summary people read, and the layout and sketch drift reads (JSON). */
export interface NewReference extends MonitorReference {
  /** The monitor's project: the audit event is filed there. */
  projectId: number;
  /** The column types it was set with (kept so a lineage reference can be read again the same way). */
  columnTypes: Record<string, ColumnTypeOverride>;
  layout: unknown;
  sketch: unknown;
}

export interface StoredReference {
  reference: MonitorReference;
  columnTypes: Record<string, ColumnTypeOverride>;
  layout: unknown;
  sketch: unknown;
}

/** One reference per monitor; setting one replaces the last (audited as `monitor.reference.set`). */
export interface ReferenceStore {
  get(monitorId: number): Promise<StoredReference | null>;
  set(reference: NewReference): Promise<MonitorReference>;
}
