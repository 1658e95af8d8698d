import type { Alert, AlertStatus, Monitor, MonitorResult, MonitorRunSummary, MonitorSpec } from '../domain/monitoring/monitor.js';
import type { MonitorWindowView } from '../domain/monitoring/monitor-service.js';
import type { Transport } from './transport.js';

export type { Alert, AlertStatus, Monitor, MonitorAction, MonitorCheck, MonitorResult, MonitorRunSummary, MonitorSpec, MonitorTask, MonitorWindow, Severity } from '../domain/monitoring/monitor.js';
export type { MonitorWindowView } from '../domain/monitoring/monitor-service.js';

/** A spec as sent: `actions` default to none and `enabled` to true. */
export type MonitorSpecInput = Omit<MonitorSpec, 'actions' | 'enabled'> & Partial<Pick<MonitorSpec, 'actions' | 'enabled'>>;

export interface ResultQuery {
  /** Windows ending after this time (epoch ms). */
  from?: number;
  /** Windows starting before this time. */
  to?: number;
  /** e.g. `dataset_drift`, `feature_drift:age`, `performance:accuracy`. */
  checkKey?: string;
}

/**
 * Monitors of deployments and their alerts: `client.monitors`. Reading needs viewer; creating,
 * editing, running and resolving need deployer or admin; acknowledging needs contributor.
 */
export class MonitorsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * @example
   * const monitors = await client.monitors.list('churn');
   */
  async list(deployment: string): Promise<Monitor[]> {
    return (await this.transport.json<{ monitors: Monitor[] }>('GET', `/deployments/${encodeURIComponent(deployment)}/monitors`)).monitors;
  }

  /**
   * @example
   * const monitor = await client.monitors.create('churn', {
   *   name: 'hourly', schedule: '0 * * * *', window: { kind: 'time', minutes: 60 },
   *   checks: [{ kind: 'dataset_drift', severity: 'warning' }],
   * });
   */
  async create(deployment: string, spec: MonitorSpecInput): Promise<Monitor> {
    return (await this.transport.json<{ monitor: Monitor }>('POST', `/deployments/${encodeURIComponent(deployment)}/monitors`, { body: spec })).monitor;
  }

  /**
   * @example
   * const monitor = await client.monitors.get(3);
   */
  async get(id: number): Promise<Monitor> {
    return (await this.transport.json<{ monitor: Monitor }>('GET', `/monitors/${id}`)).monitor;
  }

  /**
   * Replaces the spec. Changing the window or the feature names drops the open window.
   * @example
   * await client.monitors.update(3, { ...spec, enabled: false });
   */
  async update(id: number, spec: MonitorSpecInput): Promise<Monitor> {
    return (await this.transport.json<{ monitor: Monitor }>('PUT', `/monitors/${id}`, { body: spec })).monitor;
  }

  /**
   * Deletes the monitor with its windows, results and alerts.
   * @example
   * await client.monitors.delete(3);
   */
  async delete(id: number): Promise<void> {
    await this.transport.json('DELETE', `/monitors/${id}`);
  }

  /**
   * Runs the monitor now, outside its schedule.
   * @example
   * const { windowsClosed, alertsOpened } = await client.monitors.run(3);
   */
  async run(id: number): Promise<MonitorRunSummary> {
    return (await this.transport.json<{ run: MonitorRunSummary }>('POST', `/monitors/${id}/run`)).run;
  }

  /**
   * One result per check per window, oldest first.
   * @example
   * const series = await client.monitors.results(3, { checkKey: 'dataset_drift' });
   */
  async results(id: number, query: ResultQuery = {}): Promise<MonitorResult[]> {
    const q: Record<string, string> = {};
    if (query.from !== undefined) q['from'] = String(query.from);
    if (query.to !== undefined) q['to'] = String(query.to);
    if (query.checkKey !== undefined) q['checkKey'] = query.checkKey;
    return (await this.transport.json<{ results: MonitorResult[] }>('GET', `/monitors/${id}/results`, { query: q })).results;
  }

  /**
   * Windows newest first (the open one too) with profile, drift and performance.
   * @example
   * const [latest] = await client.monitors.windows(3, 1);
   */
  async windows(id: number, limit = 20): Promise<MonitorWindowView[]> {
    return (await this.transport.json<{ windows: MonitorWindowView[] }>('GET', `/monitors/${id}/windows`, { query: { limit: String(limit) } })).windows;
  }

  /**
   * A deployment's alerts, most recently seen first.
   * @example
   * const open = await client.monitors.alerts('churn', 'open');
   */
  async alerts(deployment: string, status?: AlertStatus): Promise<Alert[]> {
    const query: Record<string, string> = status ? { status } : {};
    return (await this.transport.json<{ alerts: Alert[] }>('GET', `/deployments/${encodeURIComponent(deployment)}/alerts`, { query })).alerts;
  }

  /**
   * @example
   * await client.monitors.acknowledge(12);
   */
  async acknowledge(alertId: number): Promise<Alert> {
    return (await this.transport.json<{ alert: Alert }>('POST', `/alerts/${alertId}/acknowledge`)).alert;
  }

  /**
   * @example
   * await client.monitors.resolve(12);
   */
  async resolve(alertId: number): Promise<Alert> {
    return (await this.transport.json<{ alert: Alert }>('POST', `/alerts/${alertId}/resolve`)).alert;
  }
}
