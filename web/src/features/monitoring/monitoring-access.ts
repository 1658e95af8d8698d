import type { useMe } from '../admin/session.js';
import { canDeployIn } from '../deployments/deploy-access.js';

type MeFacts = ReturnType<typeof useMe>;

/**
 * What to offer on the monitoring pages (docs/monitoring.md): creating and editing monitors,
 * setting references and resolving alerts take the deploy permission; acknowledging alerts and
 * labelling predictions are for contributors and up. The server has the last word either way.
 */
export function canManageMonitors(me: MeFacts, project: string): boolean {
  return canDeployIn(me, project);
}

export function canReviewIn(me: MeFacts, project: string): boolean {
  if (me.isAdmin) return true;
  const role = me.roleIn(project);
  return role !== null && role !== 'viewer';
}

export function monitoringPath(deployment: string, monitorId?: number): string {
  const base = `/deployments/${encodeURIComponent(deployment)}/monitoring`;
  return monitorId === undefined ? base : `${base}?monitor=${monitorId}`;
}

export function reviewPath(deployment: string): string {
  return `/deployments/${encodeURIComponent(deployment)}/review`;
}
