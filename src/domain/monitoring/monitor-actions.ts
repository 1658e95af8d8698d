import type { Caller } from '../access/caller.js';
import type { Clock } from '../clock.js';
import type { DeploymentStore } from '../deployments/deployment-store.js';
import type { StoredDeployment } from '../deployments/deployment.js';
import { CairnError } from '../errors.js';
import type { GovernanceService } from '../governance/governance-service.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { Alert, MonitorAction, Severity, StoredMonitor } from './monitor.js';
import type { RetrainRequestStore } from './monitor-run-store.js';

/**
 * What runs when an alert opens: the monitor's actions (retrain requests, challenger promotion
 * requests). The monitor runner calls it after the alert is committed; a failing action is logged
 * by the caller and never fails the run, since the alert itself is already recorded.
 */
export interface AlertActions {
  alertOpened(alert: Alert, monitor: StoredMonitor): Promise<void>;
}

const severityRank: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

export interface MonitorActionsOptions {
  retrainRequests: RetrainRequestStore;
  deployments: Pick<DeploymentStore, 'get'>;
  registry: Pick<RegistryService, 'getModelVersionByAlias'>;
  governance: Pick<GovernanceService, 'openPromotion'>;
  clock: Clock;
  /** Runs work as Cairn itself (`cairn-monitor`), whoever ran the monitor: the actions are the monitor's, not the caller's. */
  runAsMonitor<T>(work: () => Promise<T>): Promise<T>;
  monitorCaller: Caller;
  log(level: 'info' | 'warn', message: string, fields: Record<string, unknown>): void;
}

/**
 * The monitor actions. `retrain` writes a retrain request (a row later pipelines poll, and a
 * `monitor.retrain` audit event webhooks deliver); `promote_challenger` opens a promotion request
 * through governance, so the project's policy and approvals apply as to any other promotion. Each
 * action fires when the alert's severity reaches the action's `minSeverity`; one failing action
 * does not stop the others.
 */
export class MonitorActions implements AlertActions {
  constructor(private readonly options: MonitorActionsOptions) {}

  async alertOpened(alert: Alert, monitor: StoredMonitor): Promise<void> {
    const due = monitor.actions.filter((a) => severityRank[alert.severity] >= severityRank[a.minSeverity]);
    if (due.length === 0) return;
    await this.options.runAsMonitor(async () => {
      const deployment = await this.options.deployments.get(monitor.deployment);
      if (!deployment) return; // deleted since the run read it
      for (const action of due) {
        try {
          await this.apply(action, alert, monitor, deployment);
        } catch (error) {
          this.options.log('warn', `monitor action ${action.kind} failed`, { monitorId: monitor.id, alertId: alert.id, err: error });
        }
      }
    });
  }

  private async apply(action: MonitorAction, alert: Alert, monitor: StoredMonitor, deployment: StoredDeployment): Promise<void> {
    const served = await this.servedVersion(deployment);
    if (action.kind === 'retrain') {
      await this.options.retrainRequests.create({
        monitorId: monitor.id,
        alertId: alert.id,
        deploymentId: deployment.id,
        projectId: deployment.projectId,
        model: served.model,
        version: served.version,
        createdTime: this.options.clock.now(),
        createdBy: this.options.monitorCaller.name,
        deployment: deployment.name,
        monitor: monitor.name,
        checkKey: alert.checkKey,
      });
      return;
    }
    const challenger = await this.options.registry.getModelVersionByAlias(served.model, action.challengerAlias);
    try {
      await this.options.governance.openPromotion({
        model: served.model,
        version: challenger.version,
        alias: action.alias,
        comment: `Opened by monitor '${monitor.name}' of deployment '${deployment.name}': alert ${alert.id} (${alert.checkKey}, ${alert.severity}): ${alert.message}`.slice(0, 1_000),
      });
    } catch (error) {
      // One open request per alias: a request already waiting for a decision is the one to decide.
      if (error instanceof CairnError && (error.code === 'ALREADY_EXISTS' || error.code === 'INVALID_STATE')) {
        this.options.log('info', 'challenger promotion not requested', { monitorId: monitor.id, alertId: alert.id, model: served.model, alias: action.alias, reason: error.message });
        return;
      }
      throw error;
    }
  }

  /** The model the deployment serves: the alias's model, or its heaviest fixed version. */
  private async servedVersion(deployment: StoredDeployment): Promise<{ model: string; version: number | null }> {
    const spec = deployment.current.spec;
    if ('alias' in spec) {
      const version = await this.options.registry.getModelVersionByAlias(spec.alias.model, spec.alias.alias).then(
        (v) => v.version,
        () => null,
      );
      return { model: spec.alias.model, version };
    }
    const top = [...spec.versions].sort((a, b) => b.weight - a.weight)[0]!;
    return { model: top.model, version: top.version };
  }
}
