import type { Authorizer } from '../access/authorizer.js';
import type { Caller } from '../access/caller.js';
import type { Clock } from '../clock.js';
import type { DeploymentStore } from '../deployments/deployment-store.js';
import { invalidArgument, limitExceeded, notFound } from '../errors.js';
import type { DriftReport } from './drift/drift-types.js';
import type { Alert, AlertStatus, Monitor, MonitorResult, StoredMonitor } from './monitor.js';
import type { MonitorRunner } from './monitor-runner.js';
import type { MonitorRunSummary } from './monitor.js';
import type { AlertStore, MonitorStore } from './monitor-store.js';
import { monitorLimits, validateMonitorSpec } from './monitor-validation.js';
import type { PerformanceMetrics } from './performance/performance-types.js';
import type { DatasetProfile } from './profile/profile-types.js';
import { WindowSketch } from './profile/window-sketch.js';
import type { LoadedReference } from './reference-service.js';

/** Cairn itself, as the caller of scheduled monitor runs: audit events of those runs name it. */
export const monitorCaller: Caller = { userId: null, name: 'cairn-monitor', isAdmin: true };

export const monitorReadLimits = { windows: 500, defaultWindows: 20, results: 10_000, alerts: 1_000 } as const;

export interface MonitorServiceOptions {
  store: MonitorStore;
  alerts: AlertStore;
  deployments: Pick<DeploymentStore, 'get'>;
  references: { get(monitorId: number): Promise<LoadedReference | null> };
  runner: MonitorRunner;
  authorizer: Authorizer;
  clock: Clock;
  /** Runs work as `monitorCaller` (the app's call context). */
  runAsMonitor<T>(work: () => Promise<T>): Promise<T>;
}

/** One window as the monitoring page shows it. */
export interface MonitorWindowView {
  start: number;
  end: number;
  rows: number;
  closed: boolean;
  profile: DatasetProfile;
  drift: DriftReport | null;
  performance: PerformanceMetrics | null;
}

const zeroSummary = (): MonitorRunSummary => ({ windowsClosed: 0, predictionsRead: 0, results: 0, alertsOpened: 0, alertsResolved: 0 });

/**
 * Monitors of deployments: their specs, runs, results, windows and alerts. Reading needs read in
 * the deployment's project; changing monitors, running them now and resolving alerts need deploy;
 * acknowledging an alert needs write (experts acknowledge what they looked at).
 */
export class MonitorService {
  constructor(private readonly options: MonitorServiceOptions) {}

  async list(deployment: string): Promise<Monitor[]> {
    const d = await this.deployment(deployment, 'read');
    return (await this.options.store.list(d.id)).map(publicMonitor);
  }

  async create(deployment: string, input: unknown): Promise<Monitor> {
    const d = await this.deployment(deployment, 'deploy');
    const spec = validateMonitorSpec(input);
    if ((await this.options.store.count(d.id)) >= monitorLimits.monitorsPerDeployment) {
      throw limitExceeded(`A deployment has at most ${monitorLimits.monitorsPerDeployment} monitors; delete one first`);
    }
    const now = this.options.clock.now();
    // Feedback given before the monitor existed is read when its windows close, not as a late label.
    return publicMonitor(await this.options.store.create(d, spec, this.options.authorizer.caller().name, now, now));
  }

  async get(id: number): Promise<Monitor> {
    return publicMonitor(await this.monitor(id, 'read'));
  }

  async update(id: number, input: unknown): Promise<Monitor> {
    const monitor = await this.monitor(id, 'deploy');
    const spec = validateMonitorSpec(input);
    // Another window size or other feature names make the open window's rows mean something else.
    const reshaped = JSON.stringify(spec.window) !== JSON.stringify(monitor.window) || JSON.stringify(spec.features ?? null) !== JSON.stringify(monitor.features ?? null);
    return publicMonitor(await this.options.store.update(monitor, spec, this.options.clock.now(), reshaped));
  }

  async delete(id: number): Promise<void> {
    const monitor = await this.monitor(id, 'deploy');
    await this.options.store.delete(monitor);
  }

  /** Runs the monitor now, outside its schedule, as the caller. */
  async runNow(id: number): Promise<MonitorRunSummary> {
    return this.options.runner.run(await this.monitor(id, 'deploy'));
  }

  /** What the scheduler calls for each due time; a disabled or deleted monitor does nothing. */
  async runDue(monitorId: number, _scheduledFor: number): Promise<MonitorRunSummary> {
    return this.options.runAsMonitor(async () => {
      const monitor = await this.options.store.get(monitorId);
      if (!monitor || !monitor.enabled) return zeroSummary();
      return this.options.runner.run(monitor);
    });
  }

  /** Every monitor's schedule, for the scheduler (no caller check: Cairn's own background work). */
  async schedules(): Promise<Array<{ monitorId: number; schedule: string; enabled: boolean }>> {
    return (await this.options.store.listAll()).map((m) => ({ monitorId: m.id, schedule: m.schedule, enabled: m.enabled }));
  }

  async results(id: number, query: { from?: number; to?: number; checkKey?: string } = {}): Promise<MonitorResult[]> {
    await this.monitor(id, 'read');
    return this.options.store.results(id, { ...query, limit: monitorReadLimits.results });
  }

  /** Newest first, the open window included; profiles are read off each window's sketch. */
  async windows(id: number, limit: number = monitorReadLimits.defaultWindows): Promise<MonitorWindowView[]> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > monitorReadLimits.windows) throw invalidArgument(`limit: must be an integer from 1 to ${monitorReadLimits.windows}`);
    await this.monitor(id, 'read');
    const loaded = await this.options.references.get(id);
    const key = loaded ? `${loaded.reference.source}:${loaded.reference.createdTime}:${loaded.reference.rows}` : null;
    const windows = await this.options.store.windows(id, limit);
    return windows.map((w) => {
      // A window sketched against an earlier reference has other bins: its profile is not shown with this one.
      const sketch = loaded && w.state.sketch !== null && w.state.referenceKey === key ? WindowSketch.fromJSON(loaded.layout, w.state.sketch) : null;
      return {
        start: w.start,
        end: w.end,
        rows: w.rows,
        closed: w.closed,
        profile: sketch ? sketch.profile(loaded?.reference.profile) : { rows: w.rows, columns: [] },
        drift: w.drift,
        performance: w.performance,
      };
    });
  }

  async alerts(deployment: string, status?: AlertStatus): Promise<Alert[]> {
    const d = await this.deployment(deployment, 'read');
    return this.options.alerts.list(d.id, status, monitorReadLimits.alerts);
  }

  async acknowledge(alertId: number): Promise<Alert> {
    const alert = await this.alert(alertId);
    await this.options.authorizer.requireProject(alert.projectId, 'write', `to acknowledge alert ${alertId}`);
    return this.options.alerts.acknowledge(alert, this.options.authorizer.caller().name, this.options.clock.now());
  }

  async resolve(alertId: number): Promise<Alert> {
    const alert = await this.alert(alertId);
    await this.options.authorizer.requireProject(alert.projectId, 'deploy', `to resolve alert ${alertId}`);
    return this.options.alerts.resolve(alert, this.options.authorizer.caller().name, this.options.clock.now());
  }

  private async alert(id: number) {
    const alert = await this.options.alerts.get(id);
    if (!alert) throw notFound(`Alert ${id} not found`);
    return alert;
  }

  private async deployment(name: string, permission: 'read' | 'deploy') {
    const d = await this.options.deployments.get(name);
    if (!d) throw notFound(`Deployment '${name}' not found`);
    await this.options.authorizer.requireProject(d.projectId, permission, permission === 'read' ? undefined : `to change monitors of deployment '${name}'`);
    return d;
  }

  private async monitor(id: number, permission: 'read' | 'deploy'): Promise<StoredMonitor> {
    const monitor = await this.options.store.get(id);
    if (!monitor) throw notFound(`Monitor ${id} not found`);
    await this.options.authorizer.requireProject(monitor.projectId, permission, permission === 'read' ? undefined : `to change or run monitor ${id}`);
    return monitor;
  }
}

export function publicMonitor(m: StoredMonitor): Monitor {
  const { deploymentId: _d, projectId: _p, ...rest } = m;
  return rest;
}
