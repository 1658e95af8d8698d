/** One model version that takes a share of a deployment's traffic. */
export interface TrafficVersion {
  model: string;
  version: number;
  /** Percent of requests, an integer 0..100; the weights of a deployment sum to 100. */
  weight: number;
}

/** What answers a deployment's requests: fixed versions with weights, or whatever an alias points at. */
export type DeploymentTraffic = { versions: TrafficVersion[] } | { alias: { model: string; alias: string } };

/** A version that receives a copy of every request; its answers are logged, never returned. */
export interface ShadowVersion {
  model: string;
  version: number;
}

/** Where the key that pins a caller to one version comes from. */
export const stickySources = ['header', 'input'] as const;
export type StickySource = (typeof stickySources)[number];

export interface StickyRouting {
  /** A request header, or a field of the request's inputs. */
  source: StickySource;
  name: string;
}

export interface BatchingSettings {
  /** 1 turns batching off. */
  maxBatchSize: number;
  /** How long the first request of a batch waits for others. */
  maxWaitMs: number;
}

export interface LoggingSettings {
  /** Share of predictions logged, 0..1. */
  sampleRate: number;
  /** Logged predictions older than this are purged. */
  retentionDays: number;
}

/** The whole of one revision, defaults filled in: serving reads only this. */
export type DeploymentSpec = DeploymentTraffic & {
  shadows: ShadowVersion[];
  sticky: StickyRouting | null;
  batching: BatchingSettings;
  logging: LoggingSettings;
};

/**
 * A spec as callers write it: exactly one of `versions` and `alias` (checked by normalizeSpec, so
 * the error can name the field); the rest has defaults.
 */
export interface DeploymentSpecInput {
  versions?: { model: string; version: number; weight?: number | undefined }[] | undefined;
  alias?: { model: string; alias: string } | undefined;
  shadows?: ShadowVersion[] | undefined;
  sticky?: StickyRouting | null | undefined;
  batching?: { maxBatchSize?: number | undefined; maxWaitMs?: number | undefined } | undefined;
  logging?: { sampleRate?: number | undefined; retentionDays?: number | undefined } | undefined;
}

export interface DeploymentRevision {
  revision: number;
  time: number;
  actor: string;
  comment: string;
  spec: DeploymentSpec;
}

export interface Deployment {
  name: string;
  /** The project's name. */
  project: string;
  createdTime: number;
  lastUpdateTime: number;
  /** The revision that serves now. */
  current: DeploymentRevision;
}

/** A deployment as stored, with ids the API does not show. */
export interface StoredDeployment extends Deployment {
  id: number;
  projectId: number;
}

export const defaultBatching: BatchingSettings = { maxBatchSize: 1, maxWaitMs: 0 };
export const defaultLogging: LoggingSettings = { sampleRate: 1, retentionDays: 30 };

/** Explicit limits (documented in docs/serving.md). */
export const deploymentLimits = {
  nameLength: 100,
  commentLength: 1_000,
  trafficVersions: 10,
  shadows: 5,
  stickyNameLength: 200,
  maxBatchSize: 1_024,
  maxWaitMs: 1_000,
  retentionDays: 3_650,
} as const;

/** A short summary of a spec for audit details and listings, e.g. `scorer:3=90,scorer:4=10 shadow scorer:5`. */
export function summarizeSpec(spec: DeploymentSpec): string {
  const traffic = 'alias' in spec ? `${spec.alias.model}@${spec.alias.alias}` : spec.versions.map((v) => `${v.model}:${v.version}=${v.weight}`).join(',');
  const shadows = spec.shadows.length > 0 ? ` shadow ${spec.shadows.map((s) => `${s.model}:${s.version}`).join(',')}` : '';
  return `${traffic}${shadows}`;
}
