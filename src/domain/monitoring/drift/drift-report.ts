import type { Column, DataTable } from '../columns.js';
import { align, type Aligned } from './aligned.js';
import { sampleColumn } from './column-samples.js';
import { defaultMethod, driftMethods } from './drift-methods.js';
import { driftMethodInfo, isDrift } from './drift-options.js';
import type { ColumnSample, DatasetDrift, DriftMethodId, DriftOptions, DriftReport, FeatureDrift, MethodChoice } from './drift-types.js';

export const defaultDriftShare = 0.5;

const emptyLike = (s: ColumnSample): ColumnSample =>
  s.type === 'numerical'
    ? { ...s, sample: { values: new Float64Array(0), counts: new Float64Array(0), total: 0, exact: true } }
    : { ...s, counts: new Map(), total: 0 };

const counts = (s: ColumnSample): { count: number; missing: number } =>
  s.type === 'numerical' ? { count: s.sample.total, missing: s.missing + s.infinite } : { count: s.total, missing: s.missing };

/**
 * Method then threshold: the most specific level (column, column type, all) naming a method wins;
 * a threshold counts only from that level or a more specific one, so a threshold meant for another
 * method never applies (a method chosen by default takes a threshold from any level).
 */
function choose(options: DriftOptions, sample: ColumnSample, fallback: () => DriftMethodId): { method: DriftMethodId; threshold: number } {
  const levels: Array<MethodChoice | undefined> = [options.columns?.[sample.name], sample.type === 'numerical' ? options.numerical : options.categorical, options.all];
  let methodLevel = levels.findIndex((l) => l?.method !== undefined);
  if (methodLevel < 0) methodLevel = levels.length;
  const method = levels[methodLevel]?.method ?? fallback();
  const threshold = levels.slice(0, methodLevel + 1).find((l) => l?.threshold !== undefined)?.threshold ?? driftMethodInfo[method].defaultThreshold;
  return { method, threshold };
}

function featureDrift(reference: ColumnSample, current: ColumnSample | undefined, options: DriftOptions): FeatureDrift {
  const skip = (method: DriftMethodId, threshold: number, reason: string): FeatureDrift => ({
    name: reference.name,
    type: reference.type,
    method,
    kind: driftMethodInfo[method].kind,
    statistic: null,
    pValue: null,
    score: null,
    threshold,
    drift: false,
    skipped: reason,
    reference: counts(reference),
    current: current === undefined ? { count: 0, missing: 0 } : counts(current),
  });
  const aligned = current === undefined ? null : align(reference, current);
  // Without current data to compare, a skipped column names the default the reference alone implies.
  const provisional = choose(options, reference, () => defaultMethod(align(reference, emptyLike(reference)) as Aligned));
  if (current === undefined) return skip(provisional.method, provisional.threshold, 'column not in the current data');
  if (aligned === null) return skip(provisional.method, provisional.threshold, `column is ${reference.type} in the reference but ${current.type} in the current data`);
  const { method, threshold } = choose(options, reference, () => defaultMethod(aligned));
  if (aligned.nRef === 0) return skip(method, threshold, 'no values in the reference data (all missing or infinite)');
  if (aligned.nCur === 0) return skip(method, threshold, 'no values in the current data (all missing or infinite)');
  if (!driftMethodInfo[method].columnTypes.includes(reference.type)) return skip(method, threshold, `${method} does not apply to ${reference.type} columns`);
  const info = driftMethodInfo[method];
  // One value shared by both samples: nothing can have moved, and several statistics are 0/0 there.
  const result = aligned.ref.length === 1 ? { statistic: null, pValue: info.kind === 'p_value' ? 1 : null, score: info.kind === 'p_value' ? 1 : 0 } : driftMethods[method](aligned);
  if ('skipped' in result) return skip(method, threshold, result.skipped);
  if (Number.isNaN(result.score)) return skip(method, threshold, `${method} could not be computed for this column`);
  return {
    ...skip(method, threshold, ''),
    statistic: result.statistic !== null && Number.isNaN(result.statistic) ? null : result.statistic,
    pValue: result.pValue,
    score: result.score,
    drift: isDrift(method, result.score, threshold),
    skipped: null,
  };
}

export function datasetDrift(features: FeatureDrift[], driftShare = defaultDriftShare): DatasetDrift {
  const tested = features.filter((f) => f.skipped === null);
  const drifted = tested.filter((f) => f.drift).length;
  const share = tested.length === 0 ? 0 : drifted / tested.length;
  return { columns: tested.length, driftedColumns: drifted, share, driftShare, drift: tested.length > 0 && share >= driftShare };
}

/** The report of features computed one by one: theirs plus the dataset's verdict. */
export function reportOf(features: FeatureDrift[], options: DriftOptions = {}): DriftReport {
  return { features, dataset: datasetDrift(features, options.driftShare ?? defaultDriftShare) };
}

/** Drift of every reference column against the current column of the same name (current-only columns are ignored). */
export function driftReport(reference: ColumnSample[], current: ColumnSample[], options: DriftOptions = {}): DriftReport {
  const byName = new Map(current.map((c) => [c.name, c]));
  return reportOf(reference.map((r) => featureDrift(r, byName.get(r.name), options)), options);
}

/** One reference column and the current column of the same name that a report compares it with. */
export interface ColumnPair {
  reference: Column;
  current: Column | undefined;
}

/** The pairs a report on two raw tables compares: every reference column, with the last current column of its name (as `driftReport` matches). */
export function pairColumns(reference: DataTable, current: DataTable): ColumnPair[] {
  const byName = new Map(current.columns.map((c) => [c.name, c]));
  return reference.columns.map((r) => ({ reference: r, current: byName.get(r.name) }));
}

/** The drift of one pair of raw columns: both sampled exactly, then compared. */
export function driftColumns(pair: ColumnPair, options: DriftOptions = {}): FeatureDrift {
  return featureDrift(sampleColumn(pair.reference), pair.current === undefined ? undefined : sampleColumn(pair.current), options);
}

/** The same on two raw tables: each column sampled exactly (one sort per numerical column). */
export function driftTables(reference: DataTable, current: DataTable, options: DriftOptions = {}): DriftReport {
  return reportOf(pairColumns(reference, current).map((pair) => driftColumns(pair, options)), options);
}
