import type { Generated } from 'kysely';

// Table types of monitoring (references, feedback, monitors, windows, results, alerts, runs, retrain
// requests), apart from the rest of schema.ts, whose `Schema` names them.

export interface MonitorReferencesTable {
  monitor_id: number;
  project_id: number;
  source: string;
  description: string;
  rows: number;
  created_time: number;
  created_by: string;
  model: string | null;
  version: number | null;
  /** JSON: the column types a lineage reference was set with. */
  column_types: string | null;
  /** JSON: DatasetProfile, SketchLayout, the reference's WindowSketch. */
  profile: string;
  layout: string;
  sketch: string;
}

export interface FeedbackTable {
  prediction_id: string;
  deployment_id: number;
  project_id: number;
  prediction_time: number;
  /** JSON string or number; null for a comment only. */
  label: string | null;
  comment: string | null;
  source: string;
  created_by: string;
  created_time: number;
}

export interface MonitorsTable {
  id: Generated<number>;
  deployment_id: number;
  project_id: number;
  name: string;
  /** JSON MonitorSpec. */
  spec: string;
  created_time: number;
  created_by: string;
  updated_time: number;
  cursor_time: number | null;
  cursor_id: string | null;
  feedback_since: number;
  state_version: number;
}

export interface MonitorWindowsTable {
  monitor_id: number;
  seq: number;
  window_start: number;
  window_end: number;
  /** 1 closed, 0 open. */
  closed: number;
  rows: number;
  predictions: number;
  /** JSON WindowState. */
  state: string;
  /** JSON DriftReport of a closed window. */
  drift: string | null;
  /** JSON PerformanceMetrics of a closed window. */
  performance: string | null;
}

export interface MonitorResultsTable {
  monitor_id: number;
  window_seq: number;
  window_start: number;
  window_end: number;
  check_key: string;
  kind: string;
  feature: string | null;
  method: string;
  rows: number;
  value: number | null;
  threshold: number | null;
  passed: number | null;
  severity: string;
  note: string | null;
  computed_time: number;
}

export interface AlertsTable {
  id: Generated<number>;
  monitor_id: number;
  deployment_id: number;
  project_id: number;
  check_key: string;
  severity: string;
  status: string;
  message: string;
  value: number | null;
  threshold: number | null;
  occurrences: number;
  opened_time: number;
  last_seen_time: number;
  acknowledged_by: string | null;
  acknowledged_time: number | null;
  resolved_by: string | null;
  resolved_time: number | null;
}

export interface MonitorRunsTable {
  monitor_id: number;
  scheduled_for: number;
  claimed_by: string;
  /** running | succeeded | failed */
  status: string;
  attempts: number;
  started_time: number;
  heartbeat_time: number;
  finished_time: number | null;
  error: string | null;
  /** JSON MonitorRunSummary of a succeeded run. */
  summary: string | null;
}

export interface RetrainRequestsTable {
  id: Generated<number>;
  monitor_id: number;
  alert_id: number;
  deployment_id: number;
  project_id: number;
  model: string;
  version: number | null;
  status: string;
  created_time: number;
  created_by: string;
}
