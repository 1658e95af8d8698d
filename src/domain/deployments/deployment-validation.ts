import { invalidArgument } from '../errors.js';
import {
  defaultBatching,
  defaultLogging,
  deploymentLimits,
  stickySources,
  type DeploymentSpec,
  type DeploymentSpecInput,
  type ShadowVersion,
  type StickyRouting,
  type TrafficVersion,
} from './deployment.js';

// Deployment names appear in URL paths (/v2/models/{name}/infer), so they stay URL-safe.
const nameFormat = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const aliasFormat = /^[A-Za-z0-9_-]+$/;

export function validateDeploymentName(name: string): string {
  if (name === '') throw invalidArgument('name: required');
  if (name.length > deploymentLimits.nameLength) throw invalidArgument(`name: longer than ${deploymentLimits.nameLength} characters`);
  if (!nameFormat.test(name)) throw invalidArgument(`name: '${name}' may hold only letters, digits, '_', '.' and '-', and must start with a letter or digit`);
  return name;
}

export function validateComment(comment: string | undefined): string {
  const text = comment ?? '';
  if (text.length > deploymentLimits.commentLength) throw invalidArgument(`comment: longer than ${deploymentLimits.commentLength} characters`);
  return text;
}

function requireModelName(model: unknown, field: string): string {
  if (typeof model !== 'string' || model === '') throw invalidArgument(`${field}: a model name is required`);
  return model;
}

function requireVersion(version: unknown, field: string): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) throw invalidArgument(`${field}: must be a positive integer, got ${JSON.stringify(version)}`);
  return version;
}

function integerIn(value: unknown, min: number, max: number, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidArgument(`${field}: must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Weights are integer percents that sum to 100, so what a reader sees is exactly the split served.
 * A single version may leave its weight out (it takes all traffic); several must each name one.
 */
function validateVersions(input: NonNullable<DeploymentSpecInput['versions']>): TrafficVersion[] {
  if (input.length === 0) throw invalidArgument('spec.versions: name at least one model version');
  if (input.length > deploymentLimits.trafficVersions) throw invalidArgument(`spec.versions: at most ${deploymentLimits.trafficVersions} versions, got ${input.length}`);
  const seen = new Set<string>();
  const versions = input.map((entry, i) => {
    const field = `spec.versions[${i}]`;
    const model = requireModelName(entry.model, `${field}.model`);
    const version = requireVersion(entry.version, `${field}.version`);
    const key = `${model}:${version}`;
    if (seen.has(key)) throw invalidArgument(`${field}: ${key} is listed twice`);
    seen.add(key);
    if (entry.weight === undefined && input.length > 1) throw invalidArgument(`${field}.weight: required when several versions share the traffic`);
    const weight = integerIn(entry.weight ?? 100, 0, 100, `${field}.weight`);
    return { model, version, weight };
  });
  const total = versions.reduce((sum, v) => sum + v.weight, 0);
  if (total !== 100) throw invalidArgument(`spec.versions: weights must sum to 100, got ${total}`);
  return versions;
}

function validateShadows(input: readonly ShadowVersion[] | undefined, served: ReadonlySet<string>): ShadowVersion[] {
  const shadows = input ?? [];
  if (shadows.length > deploymentLimits.shadows) throw invalidArgument(`spec.shadows: at most ${deploymentLimits.shadows} versions, got ${shadows.length}`);
  const seen = new Set<string>();
  return shadows.map((entry, i) => {
    const field = `spec.shadows[${i}]`;
    const model = requireModelName(entry.model, `${field}.model`);
    const version = requireVersion(entry.version, `${field}.version`);
    const key = `${model}:${version}`;
    if (seen.has(key)) throw invalidArgument(`${field}: ${key} is listed twice`);
    // A version that already answers would only see each request twice.
    if (served.has(key)) throw invalidArgument(`${field}: ${key} already takes traffic; a shadow must be another version`);
    seen.add(key);
    return { model, version };
  });
}

function validateSticky(input: StickyRouting | null | undefined): StickyRouting | null {
  if (input === undefined || input === null) return null;
  if (!(stickySources as readonly string[]).includes(input.source)) throw invalidArgument(`spec.sticky.source: one of ${stickySources.join(', ')}, got ${JSON.stringify(input.source)}`);
  if (typeof input.name !== 'string' || input.name === '') throw invalidArgument('spec.sticky.name: required');
  if (input.name.length > deploymentLimits.stickyNameLength) throw invalidArgument(`spec.sticky.name: longer than ${deploymentLimits.stickyNameLength} characters`);
  if (input.source === 'header' && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(input.name)) throw invalidArgument(`spec.sticky.name: '${input.name}' is not a valid header name`);
  return { source: input.source, name: input.source === 'header' ? input.name.toLowerCase() : input.name };
}

/** Checks a spec's shape and ranges and fills in defaults; whether its versions exist is the service's part. */
export function normalizeSpec(input: DeploymentSpecInput): DeploymentSpec {
  if ((input.versions === undefined) === (input.alias === undefined)) throw invalidArgument('spec: name either versions (with weights) or an alias to follow, not both');
  const batching = { maxBatchSize: input.batching?.maxBatchSize ?? defaultBatching.maxBatchSize, maxWaitMs: input.batching?.maxWaitMs ?? defaultBatching.maxWaitMs };
  const logging = { sampleRate: input.logging?.sampleRate ?? defaultLogging.sampleRate, retentionDays: input.logging?.retentionDays ?? defaultLogging.retentionDays };
  const rest = {
    sticky: validateSticky(input.sticky),
    batching: {
      maxBatchSize: integerIn(batching.maxBatchSize, 1, deploymentLimits.maxBatchSize, 'spec.batching.maxBatchSize'),
      maxWaitMs: integerIn(batching.maxWaitMs, 0, deploymentLimits.maxWaitMs, 'spec.batching.maxWaitMs'),
    },
    logging: {
      sampleRate: rateIn(logging.sampleRate),
      retentionDays: integerIn(logging.retentionDays, 1, deploymentLimits.retentionDays, 'spec.logging.retentionDays'),
    },
  };
  if (input.versions !== undefined) {
    const versions = validateVersions(input.versions);
    const shadows = validateShadows(input.shadows, new Set(versions.map((v) => `${v.model}:${v.version}`)));
    return { versions, shadows, ...rest };
  }
  const alias = input.alias!;
  const model = requireModelName(alias.model, 'spec.alias.model');
  if (typeof alias.alias !== 'string' || !aliasFormat.test(alias.alias)) throw invalidArgument(`spec.alias.alias: '${String(alias.alias)}' is not an alias name (letters, digits, '_' and '-')`);
  return { alias: { model, alias: alias.alias }, shadows: validateShadows(input.shadows, new Set()), ...rest };
}

function rateIn(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) throw invalidArgument(`spec.logging.sampleRate: must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  return value;
}
