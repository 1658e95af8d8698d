import type { Authorizer } from '../access/authorizer.js';
import type { DeploymentStore } from '../deployments/deployment-store.js';
import { invalidArgument, notFound } from '../errors.js';
import type { MonitorRun, MonitorRunStore, RetrainRequest, RetrainRequestStore } from './monitor-run-store.js';
import type { MonitorStore } from './monitor-store.js';

export const monitorRunReadLimits = { runs: 1_000, defaultRuns: 50, retrainRequests: 1_000, defaultRetrainRequests: 100 } as const;

export interface MonitorRunServiceOptions {
  runs: MonitorRunStore;
  retrainRequests: RetrainRequestStore;
  monitors: Pick<MonitorStore, 'get'>;
  deployments: Pick<DeploymentStore, 'get'>;
  authorizer: Authorizer;
}

/** Reads of scheduled runs and retrain requests: project viewers may read both. */
export class MonitorRunService {
  constructor(private readonly options: MonitorRunServiceOptions) {}

  /** Newest scheduled time first. */
  async runs(monitorId: number, limit: number = monitorRunReadLimits.defaultRuns): Promise<MonitorRun[]> {
    checkLimit(limit, monitorRunReadLimits.runs);
    const monitor = await this.options.monitors.get(monitorId);
    if (!monitor) throw notFound(`Monitor ${monitorId} not found`);
    await this.options.authorizer.requireProject(monitor.projectId, 'read');
    return this.options.runs.list(monitorId, limit);
  }

  /** Newest first. */
  async retrainRequests(deployment: string, limit: number = monitorRunReadLimits.defaultRetrainRequests): Promise<RetrainRequest[]> {
    checkLimit(limit, monitorRunReadLimits.retrainRequests);
    const d = await this.options.deployments.get(deployment);
    if (!d) throw notFound(`Deployment '${deployment}' not found`);
    await this.options.authorizer.requireProject(d.projectId, 'read');
    return this.options.retrainRequests.list(d.id, limit);
  }
}

function checkLimit(limit: number, max: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) throw invalidArgument(`limit: must be an integer from 1 to ${max}`);
}
