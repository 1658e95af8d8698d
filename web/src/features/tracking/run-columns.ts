import type { Run } from '../../api/tracking-model.js';

export type ColumnKind = 'attribute' | 'metric' | 'param' | 'tag';

export interface Column {
  id: string;
  kind: ColumnKind;
  key: string;
  label: string;
  width: number;
  /** The order_by identifier for runs/search, or null when the server cannot sort by it. */
  sortKey: string | null;
  align?: 'right';
}

export interface SortOrder {
  key: string;
  descending: boolean;
}

export const defaultSort: SortOrder = { key: 'attributes.start_time', descending: true };

export const attributeColumns: Column[] = [
  { id: 'a:run_name', kind: 'attribute', key: 'run_name', label: 'Run', width: 220, sortKey: 'attributes.run_name' },
  { id: 'a:status', kind: 'attribute', key: 'status', label: 'Status', width: 104, sortKey: 'attributes.status' },
  { id: 'a:start_time', kind: 'attribute', key: 'start_time', label: 'Started', width: 118, sortKey: 'attributes.start_time' },
  { id: 'a:duration', kind: 'attribute', key: 'duration', label: 'Duration', width: 96, sortKey: null },
  { id: 'a:user_id', kind: 'attribute', key: 'user_id', label: 'User', width: 110, sortKey: 'attributes.user_id' },
];

/** Quotes a key for the search grammar when it is not a plain identifier (e.g. `f1 score`). */
export function quoteKey(key: string): string {
  if (/^[A-Za-z_][\w.]*$/.test(key)) return key;
  return key.includes('`') ? `"${key}"` : `\`${key}\``;
}

const prefixes: Record<Exclude<ColumnKind, 'attribute'>, string> = { metric: 'metrics', param: 'params', tag: 'tags' };

export function keyColumn(kind: Exclude<ColumnKind, 'attribute'>, key: string): Column {
  return {
    id: `${kind[0]}:${key}`,
    kind,
    key,
    label: key,
    width: Math.min(220, Math.max(110, key.length * 8 + 56)),
    sortKey: `${prefixes[kind]}.${quoteKey(key)}`,
    ...(kind === 'metric' ? { align: 'right' as const } : {}),
  };
}

export function orderByClause(sort: SortOrder): string[] {
  return [`${sort.key} ${sort.descending ? 'DESC' : 'ASC'}`];
}

export function parseSort(text: string | null): SortOrder {
  const match = /^(.+?)\s+(ASC|DESC)$/i.exec(text ?? '');
  if (!match?.[1] || !match[2]) return defaultSort;
  return { key: match[1], descending: match[2].toUpperCase() === 'DESC' };
}

export function sortParam(sort: SortOrder): string | null {
  if (sort.key === defaultSort.key && sort.descending === defaultSort.descending) return null;
  return `${sort.key} ${sort.descending ? 'DESC' : 'ASC'}`;
}

/** Which metric/param/tag columns the user picked, remembered per experiment in this browser. */
export interface ColumnChoice {
  metrics: string[];
  params: string[];
  tags: string[];
}

const storageKey = (experimentId: string) => `cairn.runs.columns.${experimentId}`;

export function loadColumnChoice(experimentId: string): ColumnChoice | null {
  try {
    const raw = window.localStorage.getItem(storageKey(experimentId));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<ColumnChoice>;
    return { metrics: parsed.metrics ?? [], params: parsed.params ?? [], tags: parsed.tags ?? [] };
  } catch {
    return null;
  }
}

export function saveColumnChoice(experimentId: string, choice: ColumnChoice): void {
  try {
    window.localStorage.setItem(storageKey(experimentId), JSON.stringify(choice));
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
}

/** Without a saved choice, show a handful of metrics and params so the table is useful at once. */
export function defaultChoice(metricKeys: string[], paramKeys: string[]): ColumnChoice {
  return { metrics: metricKeys.slice(0, 6), params: paramKeys.slice(0, 6), tags: [] };
}

export function visibleColumns(choice: ColumnChoice): Column[] {
  return [
    ...attributeColumns,
    ...choice.metrics.map((k) => keyColumn('metric', k)),
    ...choice.params.map((k) => keyColumn('param', k)),
    ...choice.tags.map((k) => keyColumn('tag', k)),
  ];
}

export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('cairn.');
}

export function parentRunId(run: Run): string | undefined {
  return run.tags.get('mlflow.parentRunId');
}
