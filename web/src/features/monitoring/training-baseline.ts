import type { Deployment } from '../../api/deployment-client.js';
import { getLineage } from '../../api/model-card-client.js';
import { getRegisteredModel } from '../../api/registry-client.js';

/** Reads the run metrics of the version serving a deployment: what the training baseline is picked from (baseline-names.ts). */

/** The served version, or null when the deployment follows an alias that points nowhere. */
async function servedVersion(d: Deployment, signal: AbortSignal): Promise<{ model: string; version: number } | null> {
  const spec = d.current.spec;
  if ('versions' in spec) {
    const heaviest = [...spec.versions].sort((a, b) => b.weight - a.weight)[0];
    return heaviest ? { model: heaviest.model, version: heaviest.version } : null;
  }
  const model = await getRegisteredModel(spec.alias.model, signal);
  const version = model.aliases.find((a) => a.alias === spec.alias.alias)?.version;
  return version === undefined ? null : { model: spec.alias.model, version };
}

/** The served version's run metrics (last value of each), or an empty map when it has no run. */
export async function trainingMetrics(d: Deployment, signal: AbortSignal): Promise<{ label: string; metrics: Map<string, number> }> {
  const served = await servedVersion(d, signal);
  if (!served) return { label: '', metrics: new Map() };
  const lineage = await getLineage(served.model, served.version, signal);
  const metrics = new Map<string, number>();
  for (const m of lineage.run?.metrics ?? []) metrics.set(m.key, Number(m.value));
  return { label: `${served.model}:${served.version}`, metrics };
}
