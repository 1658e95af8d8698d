import type { DeploymentSpec, StickyRouting } from '../../api/deployment-client.js';

/**
 * A deployment spec while it is being edited. Numbers stay the text the user typed, so a half-typed
 * value is not turned into 0 under their cursor; `specOf` converts when saving.
 */
export interface SpecDraft {
  mode: 'versions' | 'alias';
  versions: { model: string; version: string; weight: string }[];
  alias: { model: string; alias: string };
  shadows: { model: string; version: string }[];
  sticky: StickyRouting | null;
  maxBatchSize: string;
  maxWaitMs: string;
  sampleRate: string;
  retentionDays: string;
}

export function deploymentPath(name: string): string {
  return `/deployments/${encodeURIComponent(name)}`;
}

export function predictionPath(id: string): string {
  return `/predictions/${encodeURIComponent(id)}`;
}

/** `scorer:3 90% / scorer:4 10%` or `scorer@production`: what serves, as the lists show it. */
export function trafficSummary(spec: DeploymentSpec): string {
  if ('alias' in spec) return `${spec.alias.model}@${spec.alias.alias}`;
  return spec.versions.map((v) => `${v.model}:${v.version} ${v.weight}%`).join(' / ');
}

export function shadowSummary(spec: DeploymentSpec): string {
  return spec.shadows.map((s) => `${s.model}:${s.version}`).join(', ');
}

export function draftOf(spec: DeploymentSpec): SpecDraft {
  const versions = 'alias' in spec ? [] : spec.versions;
  return {
    mode: 'alias' in spec ? 'alias' : 'versions',
    versions: versions.map((v) => ({ model: v.model, version: String(v.version), weight: String(v.weight) })),
    alias: 'alias' in spec ? spec.alias : { model: versions[0]?.model ?? '', alias: 'production' },
    shadows: spec.shadows.map((s) => ({ model: s.model, version: String(s.version) })),
    sticky: spec.sticky,
    maxBatchSize: String(spec.batching.maxBatchSize),
    maxWaitMs: String(spec.batching.maxWaitMs),
    sampleRate: String(spec.logging.sampleRate),
    retentionDays: String(spec.logging.retentionDays),
  };
}

/** The server's defaults (docs/serving.md, "The spec"), for a new deployment. */
export function emptyDraft(model = ''): SpecDraft {
  return {
    mode: 'versions',
    versions: [{ model, version: '1', weight: '100' }],
    alias: { model, alias: 'production' },
    shadows: [],
    sticky: null,
    maxBatchSize: '1',
    maxWaitMs: '0',
    sampleRate: '1',
    retentionDays: '30',
  };
}

export function weightTotal(draft: SpecDraft): number {
  return draft.versions.reduce((sum, v) => sum + (Number(v.weight) || 0), 0);
}

/** What keeps the draft from being saved, checked here only where the UI can say it better than the server. */
export function draftProblem(draft: SpecDraft): string | null {
  if (draft.mode === 'alias') return draft.alias.model.trim() && draft.alias.alias.trim() ? null : 'Name a model and an alias.';
  if (draft.versions.length === 0) return 'Add at least one version.';
  if (draft.versions.some((v) => !v.model.trim() || !v.version.trim())) return 'Every traffic row needs a model and a version.';
  const total = weightTotal(draft);
  return total === 100 ? null : `Weights must sum to 100 (now ${total}).`;
}

/** The draft as the API takes it; the server checks ranges and names again and explains refusals. */
export function specOf(draft: SpecDraft): DeploymentSpec {
  const base = {
    shadows: draft.shadows.map((s) => ({ model: s.model.trim(), version: Number(s.version) })),
    sticky: draft.sticky && draft.sticky.name.trim() ? { source: draft.sticky.source, name: draft.sticky.name.trim() } : null,
    batching: { maxBatchSize: Number(draft.maxBatchSize), maxWaitMs: Number(draft.maxWaitMs) },
    logging: { sampleRate: Number(draft.sampleRate), retentionDays: Number(draft.retentionDays) },
  };
  if (draft.mode === 'alias') return { ...base, alias: { model: draft.alias.model.trim(), alias: draft.alias.alias.trim() } };
  return { ...base, versions: draft.versions.map((v) => ({ model: v.model.trim(), version: Number(v.version), weight: Number(v.weight) })) };
}
