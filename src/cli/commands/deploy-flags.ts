import { InvalidArgumentError } from 'commander';
import type { DeploymentSpec, DeploymentSpecInput, ShadowVersion } from '../../client/index.js';

/** The flags of `cairn deploy`, as commander parses them. */
export interface DeployFlags {
  model?: string;
  version?: number[];
  weight?: number[];
  alias?: string;
  shadow?: ShadowVersion[];
  clearShadows?: boolean;
  stickyHeader?: string;
  stickyInput?: string;
  noSticky?: boolean;
  maxBatchSize?: number;
  maxWaitMs?: number;
  sampleRate?: number;
  retentionDays?: number;
  project?: string;
  comment?: string;
}

export function collectNumber(value: string, previous: number[] = []): number[] {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got '${value}'`);
  return [...previous, n];
}

/** `--shadow MODEL:VERSION`, repeatable. */
export function collectShadow(value: string, previous: ShadowVersion[] = []): ShadowVersion[] {
  const at = value.lastIndexOf(':');
  const version = Number(value.slice(at + 1));
  if (at <= 0 || !Number.isSafeInteger(version) || version < 1) throw new InvalidArgumentError(`expected MODEL:VERSION, got '${value}'`);
  return [...previous, { model: value.slice(0, at), version }];
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

/**
 * The spec `cairn deploy` sends: the traffic the flags name, and for the rest what the flags say,
 * else what the deployment serves now (`current`), else the server's defaults. Answers a usage
 * problem as a string.
 */
export function specFromFlags(flags: DeployFlags, current: DeploymentSpec | undefined): DeploymentSpecInput | string {
  if (flags.model === undefined) return 'name the model with --model';
  const versions = flags.version ?? [];
  if ((versions.length > 0) === (flags.alias !== undefined)) return 'give either --version (repeatable, with --weight) or --alias';
  const weights = flags.weight ?? [];
  if (flags.alias !== undefined && weights.length > 0) return '--weight goes with --version, not --alias';
  if (weights.length > 0 && weights.length !== versions.length) return `give one --weight per --version (${versions.length} versions, ${weights.length} weights)`;
  if (flags.stickyHeader !== undefined && flags.stickyInput !== undefined) return 'give --sticky-header or --sticky-input, not both';

  const model = flags.model;
  const traffic: DeploymentSpecInput =
    flags.alias !== undefined
      ? { alias: { model, alias: flags.alias } }
      : { versions: versions.map((version, i) => ({ model, version, ...(weights[i] !== undefined ? { weight: weights[i] } : {}) })) };
  const sticky =
    flags.stickyHeader !== undefined
      ? { source: 'header' as const, name: flags.stickyHeader }
      : flags.stickyInput !== undefined
        ? { source: 'input' as const, name: flags.stickyInput }
        : flags.noSticky
          ? null
          : (current?.sticky ?? null);
  const shadows = flags.shadow ?? (flags.clearShadows ? [] : (current?.shadows ?? []));
  return {
    ...traffic,
    shadows,
    sticky,
    batching: { ...current?.batching, ...(flags.maxBatchSize !== undefined ? { maxBatchSize: flags.maxBatchSize } : {}), ...(flags.maxWaitMs !== undefined ? { maxWaitMs: flags.maxWaitMs } : {}) },
    logging: { ...current?.logging, ...(flags.sampleRate !== undefined ? { sampleRate: flags.sampleRate } : {}), ...(flags.retentionDays !== undefined ? { retentionDays: flags.retentionDays } : {}) },
  };
}
