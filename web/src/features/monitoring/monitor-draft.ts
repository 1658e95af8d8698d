// Straight from the domain rather than through monitoring-client.ts, so this pure module (and its
// test under test/web) type-checks without the browser globals the client needs.
import type { DriftMethodId, DriftOptions } from '../../../../src/domain/monitoring/drift/drift-types.js';
import type { Monitor, MonitorAction, MonitorCheck, MonitorSpec, MonitorTask, PerformanceMetricName, Severity } from '../../../../src/domain/monitoring/monitor.js';

/**
 * A monitor spec while it is being edited. Numbers stay the text the user typed (as in the
 * deployment editor), and `specOf` converts them when saving, saying what is wrong instead.
 */

/** Compile-time proof that a hand-written list names every member of a union (the domain's lists are runtime values the UI does not import). */
type Exhaustive<All extends string, Listed extends readonly All[]> = Exclude<All, Listed[number]> extends never ? Listed : never;
const exhaustive = <All extends string>() => <const L extends readonly All[]>(list: Exhaustive<All, L>) => list;

export const severityOptions = exhaustive<Severity>()(['info', 'warning', 'critical']);
export const metricOptions = exhaustive<PerformanceMetricName>()(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss', 'mae', 'rmse', 'mape', 'r2']);
export const checkKinds = exhaustive<MonitorCheck['kind']>()(['dataset_drift', 'feature_drift', 'prediction_drift', 'performance']);
export const driftMethods = exhaustive<DriftMethodId>()([
  'ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl_div', 'hellinger', 'anderson', 'ed', 'mannw', 't_test', 'cramer_von_mises', 'g_test', 'TVD', 'fisher_exact',
]);

export interface CheckDraft {
  kind: MonitorCheck['kind'];
  /** feature_drift only; empty means every feature. */
  feature: string;
  metric: PerformanceMetricName;
  min: string;
  max: string;
  minLabelled: string;
  severity: Severity;
}

export interface ActionDraft {
  kind: MonitorAction['kind'];
  minSeverity: Severity;
  challengerAlias: string;
  alias: string;
}

export interface MonitorDraft {
  name: string;
  schedule: string;
  windowKind: 'time' | 'count';
  windowSize: string;
  /** Comma-separated feature names; empty for the default names. */
  features: string;
  taskKind: 'none' | MonitorTask['kind'];
  predictionOutput: string;
  probabilityOutput: string;
  positiveLabel: string;
  driftMethod: '' | DriftMethodId;
  driftThreshold: string;
  driftShare: string;
  checks: CheckDraft[];
  actions: ActionDraft[];
  enabled: boolean;
  /** Per-column and per-type drift choices the form does not edit: kept as they were. */
  keptDrift: DriftOptions;
}

export function newCheck(kind: MonitorCheck['kind'] = 'dataset_drift'): CheckDraft {
  return { kind, feature: '', metric: 'accuracy', min: '', max: '', minLabelled: '', severity: 'warning' };
}

export function newAction(): ActionDraft {
  return { kind: 'retrain', minSeverity: 'critical', challengerAlias: 'challenger', alias: 'production' };
}

export function emptyMonitorDraft(): MonitorDraft {
  return {
    name: '',
    schedule: '0 * * * *',
    windowKind: 'time',
    windowSize: '60',
    features: '',
    taskKind: 'none',
    predictionOutput: '',
    probabilityOutput: '',
    positiveLabel: '',
    driftMethod: '',
    driftThreshold: '',
    driftShare: '',
    checks: [newCheck('dataset_drift')],
    actions: [],
    enabled: true,
    keptDrift: {},
  };
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

function checkDraftOf(c: MonitorCheck): CheckDraft {
  const base = newCheck(c.kind);
  base.severity = c.severity;
  if (c.kind === 'feature_drift') base.feature = c.feature ?? '';
  if (c.kind === 'performance') Object.assign(base, { metric: c.metric, min: text(c.min), max: text(c.max), minLabelled: text(c.minLabelled) });
  return base;
}

export function draftOf(m: Monitor): MonitorDraft {
  const { all, driftShare, ...keptDrift } = m.drift ?? {};
  const task = m.task;
  return {
    name: m.name,
    schedule: m.schedule,
    windowKind: m.window.kind,
    windowSize: String(m.window.kind === 'time' ? m.window.minutes : m.window.predictions),
    features: (m.features ?? []).join(', '),
    taskKind: task?.kind ?? 'none',
    predictionOutput: task?.predictionOutput ?? '',
    probabilityOutput: task?.kind === 'classification' ? (task.probabilityOutput ?? '') : '',
    positiveLabel: task?.kind === 'classification' ? (task.positiveLabel ?? '') : '',
    driftMethod: all?.method ?? '',
    driftThreshold: text(all?.threshold),
    driftShare: text(driftShare),
    checks: m.checks.map(checkDraftOf),
    actions: m.actions.map((a) => ({ ...newAction(), ...a })),
    enabled: m.enabled,
    keptDrift,
  };
}

/** A number from the form, or a sentence naming the field. */
function num(value: string, field: string, options: { integer?: boolean; positive?: boolean } = {}): number | undefined | string {
  if (value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) return `${field} must be a number`;
  if (options.integer && !Number.isInteger(n)) return `${field} must be a whole number`;
  if (options.positive && n <= 0) return `${field} must be above 0`;
  return n;
}

function taskOf(d: MonitorDraft): MonitorTask | undefined {
  const out = d.predictionOutput.trim() ? { predictionOutput: d.predictionOutput.trim() } : {};
  if (d.taskKind === 'regression') return { kind: 'regression', ...out };
  if (d.taskKind !== 'classification') return undefined;
  return {
    kind: 'classification',
    ...out,
    ...(d.probabilityOutput.trim() ? { probabilityOutput: d.probabilityOutput.trim() } : {}),
    ...(d.positiveLabel.trim() ? { positiveLabel: d.positiveLabel.trim() } : {}),
  };
}

function checkOf(c: CheckDraft, i: number): MonitorCheck | string {
  if (c.kind === 'dataset_drift' || c.kind === 'prediction_drift') return { kind: c.kind, severity: c.severity };
  if (c.kind === 'feature_drift') return { kind: c.kind, severity: c.severity, ...(c.feature.trim() ? { feature: c.feature.trim() } : {}) };
  const min = num(c.min, `Check ${i + 1} minimum`);
  const max = num(c.max, `Check ${i + 1} maximum`);
  const minLabelled = num(c.minLabelled, `Check ${i + 1} minimum labelled`, { integer: true, positive: true });
  for (const v of [min, max, minLabelled]) if (typeof v === 'string') return v;
  if (min === undefined && max === undefined) return `Check ${i + 1} needs a minimum or a maximum`;
  return {
    kind: 'performance',
    metric: c.metric,
    severity: c.severity,
    ...(min !== undefined ? { min: min as number } : {}),
    ...(max !== undefined ? { max: max as number } : {}),
    ...(minLabelled !== undefined ? { minLabelled: minLabelled as number } : {}),
  };
}

function actionOf(a: ActionDraft, i: number): MonitorAction | string {
  if (a.kind === 'retrain') return { kind: 'retrain', minSeverity: a.minSeverity };
  if (!a.challengerAlias.trim() || !a.alias.trim()) return `Action ${i + 1} needs both aliases`;
  return { kind: 'promote_challenger', minSeverity: a.minSeverity, challengerAlias: a.challengerAlias.trim(), alias: a.alias.trim() };
}

/** The spec to send, or why it cannot be sent yet (the server checks the rest, e.g. the cron). */
export function specOf(d: MonitorDraft): { spec: MonitorSpec } | { problem: string } {
  if (!d.name.trim()) return { problem: 'A monitor needs a name' };
  if (!d.schedule.trim()) return { problem: 'A monitor needs a schedule' };
  const size = num(d.windowSize, d.windowKind === 'time' ? 'Window minutes' : 'Window predictions', { integer: true, positive: true });
  if (typeof size === 'string') return { problem: size };
  if (size === undefined) return { problem: 'The window needs a size' };
  const threshold = num(d.driftThreshold, 'Drift threshold');
  if (typeof threshold === 'string') return { problem: threshold };
  const share = num(d.driftShare, 'Drift share');
  if (typeof share === 'string') return { problem: share };
  const checks: MonitorCheck[] = [];
  for (const [i, c] of d.checks.entries()) {
    const check = checkOf(c, i);
    if (typeof check === 'string') return { problem: check };
    checks.push(check);
  }
  const actions: MonitorAction[] = [];
  for (const [i, a] of d.actions.entries()) {
    const action = actionOf(a, i);
    if (typeof action === 'string') return { problem: action };
    actions.push(action);
  }
  const all = { ...(d.driftMethod ? { method: d.driftMethod } : {}), ...(threshold !== undefined ? { threshold } : {}) };
  const drift: DriftOptions = { ...d.keptDrift, ...(Object.keys(all).length > 0 ? { all } : {}), ...(share !== undefined ? { driftShare: share } : {}) };
  const features = d.features.split(',').map((f) => f.trim()).filter(Boolean);
  const task = taskOf(d);
  const spec: MonitorSpec = {
    name: d.name.trim(),
    schedule: d.schedule.trim(),
    window: d.windowKind === 'time' ? { kind: 'time', minutes: size } : { kind: 'count', predictions: size },
    ...(features.length > 0 ? { features } : {}),
    ...(task ? { task } : {}),
    ...(Object.keys(drift).length > 0 ? { drift } : {}),
    checks,
    actions,
    enabled: d.enabled,
  };
  return { spec };
}

export function windowText(m: Pick<MonitorSpec, 'window'>): string {
  return m.window.kind === 'time' ? `every ${m.window.minutes} min` : `every ${m.window.predictions} predictions`;
}
