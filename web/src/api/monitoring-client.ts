import { apiErrorFrom } from './api-error.js';
import { apiFetch, seg, v1Get, v1Send } from './http.js';
import type { Prediction } from '../../../src/domain/predictions/prediction-store.js';
import type { Alert, AlertStatus, Monitor, MonitorReference, MonitorResult, MonitorSpec } from '../../../src/domain/monitoring/monitor.js';
import type { Feedback } from '../../../src/domain/monitoring/feedback.js';
import type { MonitorWindowView } from '../../../src/domain/monitoring/monitor-service.js';

/**
 * Monitors, references, results, alerts and feedback of a deployment (native API, docs/monitoring.md).
 * The wire types are the domain's own, imported type-only so the build erases them and a change
 * to the API's shape fails the web type-check.
 */

export type {
  Alert,
  AlertStatus,
  Monitor,
  MonitorAction,
  MonitorCheck,
  MonitorReference,
  MonitorResult,
  MonitorSpec,
  MonitorTask,
  MonitorWindow,
  PerformanceMetricName,
  Severity,
} from '../../../src/domain/monitoring/monitor.js';
export type { ClassMetrics, PerformanceMetrics } from '../../../src/domain/monitoring/performance/performance-types.js';
export type { Feedback, FeedbackInput } from '../../../src/domain/monitoring/feedback.js';
export type { CategoricalProfile, ColumnProfile, DatasetProfile, NumericalProfile } from '../../../src/domain/monitoring/profile/profile-types.js';
export type { DriftMethodId, DriftOptions, DriftReport, FeatureDrift } from '../../../src/domain/monitoring/drift/drift-types.js';
export type { MonitorWindowView } from '../../../src/domain/monitoring/monitor-service.js';


export interface RunSummary {
  windowsClosed: number;
  predictionsRead: number;
  results: number;
  alertsOpened: number;
  alertsResolved: number;
}

export interface MonitorRun {
  scheduledFor: number;
  status: 'running' | 'succeeded' | 'failed';
  claimedBy: string;
  startedTime: number;
  finishedTime: number | null;
  error: string | null;
}

export type ReviewItem = Prediction & { uncertainty: number | null };

export function listMonitors(deployment: string, signal?: AbortSignal): Promise<Monitor[]> {
  return v1Get<{ monitors: Monitor[] }>(`/deployments/${seg(deployment)}/monitors`, {}, signal).then((b) => b.monitors);
}

export function createMonitor(deployment: string, spec: MonitorSpec): Promise<Monitor> {
  return v1Send<{ monitor: Monitor }>('POST', `/deployments/${seg(deployment)}/monitors`, spec).then((b) => b.monitor);
}

export function updateMonitor(id: number, spec: MonitorSpec): Promise<Monitor> {
  return v1Send<{ monitor: Monitor }>('PUT', `/monitors/${seg(id)}`, spec).then((b) => b.monitor);
}

export function deleteMonitor(id: number): Promise<void> {
  return v1Send<unknown>('DELETE', `/monitors/${seg(id)}`).then(() => undefined);
}

export function runMonitor(id: number): Promise<RunSummary> {
  return v1Send<{ run: RunSummary }>('POST', `/monitors/${seg(id)}/run`, {}).then((b) => b.run);
}

export function listResults(id: number, query: { from?: number; to?: number; checkKey?: string } = {}, signal?: AbortSignal): Promise<MonitorResult[]> {
  return v1Get<{ results: MonitorResult[] }>(`/monitors/${seg(id)}/results`, query, signal).then((b) => b.results);
}

export function listWindows(id: number, limit: number, signal?: AbortSignal): Promise<MonitorWindowView[]> {
  return v1Get<{ windows: MonitorWindowView[] }>(`/monitors/${seg(id)}/windows`, { limit }, signal).then((b) => b.windows);
}

export function listRuns(id: number, limit: number, signal?: AbortSignal): Promise<MonitorRun[]> {
  return v1Get<{ runs: MonitorRun[] }>(`/monitors/${seg(id)}/runs`, { limit }, signal).then((b) => b.runs);
}

/** The monitor's reference, or null when none is set yet (404). */
export async function getReference(id: number, signal?: AbortSignal): Promise<MonitorReference | null> {
  const response = await apiFetch(`/api/v1/monitors/${seg(id)}/reference`, { signal: signal ?? null });
  if (response.status === 404) return null;
  if (!response.ok) throw await apiErrorFrom(response);
  return ((await response.json()) as { reference: MonitorReference }).reference;
}

/** Sends the file itself as the body; the server reads CSV, Parquet or JSON lines by its content type. */
export async function uploadReference(id: number, file: File): Promise<MonitorReference> {
  const response = await apiFetch(`/api/v1/monitors/${seg(id)}/reference?name=${encodeURIComponent(file.name)}`, {
    method: 'PUT',
    headers: { 'content-type': referenceContentType(file.name) },
    body: file,
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return ((await response.json()) as { reference: MonitorReference }).reference;
}

/** Browsers leave `File.type` empty for .parquet and .jsonl, so the extension decides. */
export function referenceContentType(fileName: string): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.parquet')) return 'application/vnd.apache.parquet';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'application/x-ndjson';
  return 'text/csv';
}

export function setReferenceFrom(id: number, source: { source: 'lineage' } | { source: 'predictions'; from: number; to: number }): Promise<MonitorReference> {
  return v1Send<{ reference: MonitorReference }>('PUT', `/monitors/${seg(id)}/reference`, source).then((b) => b.reference);
}

export function listAlerts(deployment: string, status: AlertStatus | null, signal?: AbortSignal): Promise<Alert[]> {
  return v1Get<{ alerts: Alert[] }>(`/deployments/${seg(deployment)}/alerts`, { status }, signal).then((b) => b.alerts);
}

export function acknowledgeAlert(id: number): Promise<Alert> {
  return v1Send<{ alert: Alert }>('POST', `/alerts/${seg(id)}/acknowledge`, {}).then((b) => b.alert);
}

export function resolveAlert(id: number): Promise<Alert> {
  return v1Send<{ alert: Alert }>('POST', `/alerts/${seg(id)}/resolve`, {}).then((b) => b.alert);
}

export function reviewQueue(deployment: string, strategy: 'uncertainty' | 'sample', limit: number, signal?: AbortSignal): Promise<ReviewItem[]> {
  return v1Get<{ predictions: ReviewItem[] }>(`/deployments/${seg(deployment)}/review-queue`, { strategy, limit }, signal).then((b) => b.predictions);
}

export function giveFeedback(predictionId: string, input: { label: string | number | null; comment?: string }): Promise<Feedback> {
  return v1Send<{ feedback: Feedback }>('POST', `/predictions/${seg(predictionId)}/feedback`, input).then((b) => b.feedback);
}

export function listFeedback(deployment: string, options: { maxResults?: number; pageToken?: string | null } = {}, signal?: AbortSignal) {
  return v1Get<{ feedback: Feedback[]; nextPageToken?: string }>(`/deployments/${seg(deployment)}/feedback`, { maxResults: options.maxResults ?? 50, pageToken: options.pageToken }, signal);
}
