import { invalidArgument } from '../../errors.js';
import type { ColumnType } from '../columns.js';
import { driftMethodIds, type DriftMethodId, type DriftOptions, type MethodChoice } from './drift-types.js';

export interface DriftMethodInfo {
  /** 'p_value': drift when the p-value is below the threshold; 'distance': when the score reaches it. */
  kind: 'p_value' | 'distance';
  columnTypes: readonly ColumnType[];
  defaultThreshold: number;
  /** How the score is compared with the threshold to call drift. */
  driftWhen: 'below' | 'at_or_below' | 'at_or_above' | 'above';
  /** Only for columns with at most two distinct values. */
  binary?: boolean;
}

const both: readonly ColumnType[] = ['numerical', 'categorical'];
const num: readonly ColumnType[] = ['numerical'];
const cat: readonly ColumnType[] = ['categorical'];

/** Evidently's defaults per method (methods sheet §1), so a threshold left out means what it means there. */
export const driftMethodInfo: Record<DriftMethodId, DriftMethodInfo> = {
  ks: { kind: 'p_value', columnTypes: num, defaultThreshold: 0.05, driftWhen: 'at_or_below' },
  chisquare: { kind: 'p_value', columnTypes: both, defaultThreshold: 0.05, driftWhen: 'below' },
  z: { kind: 'p_value', columnTypes: both, defaultThreshold: 0.05, driftWhen: 'below', binary: true },
  wasserstein: { kind: 'distance', columnTypes: num, defaultThreshold: 0.1, driftWhen: 'at_or_above' },
  jensenshannon: { kind: 'distance', columnTypes: both, defaultThreshold: 0.1, driftWhen: 'at_or_above' },
  psi: { kind: 'distance', columnTypes: both, defaultThreshold: 0.1, driftWhen: 'at_or_above' },
  kl_div: { kind: 'distance', columnTypes: both, defaultThreshold: 0.1, driftWhen: 'at_or_above' },
  hellinger: { kind: 'distance', columnTypes: both, defaultThreshold: 0.1, driftWhen: 'at_or_above' },
  anderson: { kind: 'p_value', columnTypes: num, defaultThreshold: 0.1, driftWhen: 'below' },
  ed: { kind: 'distance', columnTypes: num, defaultThreshold: 0.1, driftWhen: 'above' },
  mannw: { kind: 'p_value', columnTypes: num, defaultThreshold: 0.05, driftWhen: 'below' },
  t_test: { kind: 'p_value', columnTypes: num, defaultThreshold: 0.05, driftWhen: 'below' },
  cramer_von_mises: { kind: 'p_value', columnTypes: num, defaultThreshold: 0.1, driftWhen: 'at_or_below' },
  g_test: { kind: 'p_value', columnTypes: both, defaultThreshold: 0.1, driftWhen: 'below' },
  // Categorical only, as in Evidently: its permutation test is costly over many distinct numbers.
  TVD: { kind: 'p_value', columnTypes: cat, defaultThreshold: 0.1, driftWhen: 'below' },
  fisher_exact: { kind: 'p_value', columnTypes: both, defaultThreshold: 0.1, driftWhen: 'below', binary: true },
};

/** Whether a score means drift for this method at this threshold. */
export function isDrift(method: DriftMethodId, score: number, threshold: number): boolean {
  switch (driftMethodInfo[method].driftWhen) {
    case 'below':
      return score < threshold;
    case 'at_or_below':
      return score <= threshold;
    case 'at_or_above':
      return score >= threshold;
    case 'above':
      return score > threshold;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validateChoice(input: unknown, field: string): MethodChoice {
  if (!isRecord(input)) throw invalidArgument(`${field} must be an object with method and/or threshold`);
  const choice: MethodChoice = {};
  for (const key of Object.keys(input)) {
    if (key !== 'method' && key !== 'threshold') throw invalidArgument(`${field}.${key} is not a drift option (use method, threshold)`);
  }
  const { method, threshold } = input;
  if (method !== undefined) {
    if (typeof method !== 'string' || !(driftMethodIds as readonly string[]).includes(method)) {
      throw invalidArgument(`${field}.method must be one of ${driftMethodIds.join(', ')}`);
    }
    choice.method = method as DriftMethodId;
  }
  if (threshold !== undefined) {
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0) {
      throw invalidArgument(`${field}.threshold must be a finite number >= 0`);
    }
    choice.threshold = threshold;
  }
  return choice;
}

function checkMethodFitsType(choice: MethodChoice, type: ColumnType, field: string): void {
  if (choice.method !== undefined && !driftMethodInfo[choice.method].columnTypes.includes(type)) {
    throw invalidArgument(`${field}.method ${choice.method} does not apply to ${type} columns`);
  }
}

/** Checks drift options from outside (monitor specs, CLI flags); throws INVALID_ARGUMENT naming the bad field. */
export function validateDriftOptions(input: unknown): DriftOptions {
  if (input === undefined || input === null) return {};
  if (!isRecord(input)) throw invalidArgument('drift must be an object');
  const known = ['columns', 'numerical', 'categorical', 'all', 'driftShare'];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw invalidArgument(`drift.${key} is not a drift option (use ${known.join(', ')})`);
  }
  const options: DriftOptions = {};
  if (input['columns'] !== undefined) {
    const columns = input['columns'];
    if (!isRecord(columns)) throw invalidArgument('drift.columns must be an object keyed by column name');
    options.columns = {};
    for (const [name, choice] of Object.entries(columns)) options.columns[name] = validateChoice(choice, `drift.columns.${name}`);
  }
  if (input['numerical'] !== undefined) {
    options.numerical = validateChoice(input['numerical'], 'drift.numerical');
    checkMethodFitsType(options.numerical, 'numerical', 'drift.numerical');
  }
  if (input['categorical'] !== undefined) {
    options.categorical = validateChoice(input['categorical'], 'drift.categorical');
    checkMethodFitsType(options.categorical, 'categorical', 'drift.categorical');
  }
  if (input['all'] !== undefined) options.all = validateChoice(input['all'], 'drift.all');
  const share = input['driftShare'];
  if (share !== undefined) {
    if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) {
      throw invalidArgument('drift.driftShare must be a number between 0 and 1');
    }
    options.driftShare = share;
  }
  return options;
}
