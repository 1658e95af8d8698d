import type { Generated } from 'kysely';
import type { AlertsTable, FeedbackTable, MonitorReferencesTable, MonitorResultsTable, MonitorRunsTable, MonitorWindowsTable, MonitorsTable, RetrainRequestsTable } from './schema-monitoring.js';

/** Kysely table types. Booleans are stored as 0/1 integers so one query serves both dialects. */
export interface ExperimentsTable {
  experiment_id: Generated<number>;
  project_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  id: Generated<number>;
  run_uuid: string;
  experiment_id: number;
  name: string;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  artifact_uri: string;
  lifecycle_stage: string;
  deleted_time: number | null;
}

export interface KeyValueTable {
  run_id: number;
  key: string;
  value: string;
}

export interface MetricPointsTable {
  run_id: number;
  key: string;
  step: number;
  timestamp: number;
  /** 0 when `is_nan` is 1. */
  value: number;
  is_nan: number;
}

export type LatestMetricsTable = MetricPointsTable;

export interface DatasetsTable {
  id: Generated<number>;
  experiment_id: number;
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
}

export interface RunInputsTable {
  run_id: number;
  dataset_id: number;
  /** JSON array of {key, value}. */
  tags: string;
}

export interface ArtifactFilesTable {
  /** Path inside the artifact root, e.g. `3/<run>/artifacts/model/MLmodel`. Never starts with `/`. */
  path: string;
  size: number;
  sha256: string;
  created_time: number;
}

export interface RegisteredModelsTable {
  id: Generated<number>;
  project_id: Generated<number>;
  name: string;
  description: string;
  creation_time: number;
  last_update_time: number;
}

export interface ModelVersionsTable {
  id: Generated<number>;
  model_id: number;
  version: number;
  creation_time: number;
  last_update_time: number;
  user_id: string;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  run_link: string;
  status: string;
  /** `onnx`, `mlflow` or `unknown` (0009-version-files). */
  format: Generated<string>;
  /** JSON array of MLflow flavour names; null when not an MLflow model. */
  flavors: string | null;
  /** JSON `{inputs, outputs}`; null when unknown. */
  signature: string | null;
}

export interface RegisteredModelTagsTable {
  model_id: number;
  key: string;
  value: string;
}

export interface ModelVersionTagsTable {
  version_id: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasesTable {
  model_id: number;
  alias: string;
  version_id: number;
}

export interface ModelCardsTable {
  model_id: number;
  owner: string;
  intended_use: string;
  limitations: string;
  training_data: string;
  fairness_notes: string;
  risk_tier: string | null;
  risk_rationale: string;
  /** JSON of the evaluation summary; metric values NaN and infinities as strings. */
  evaluation: string | null;
  updated_time: number;
  updated_by: string;
}

export interface ProjectsTable {
  id: Generated<number>;
  name: string;
  description: string;
  /** JSON array of alias names. */
  protected_aliases: string;
  creation_time: number;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  display_name: string;
  password_hash: string | null;
  is_admin: number;
  disabled: number;
  creation_time: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  creation_time: number;
  expires_time: number | null;
  revoked_time: number | null;
  last_used_time: number | null;
  /** Set for a token scoped to one deployment (migration 0012); no foreign key, see there. */
  deployment_id: number | null;
  /** That deployment's name when the token was made, for listings after it is deleted. */
  deployment_name: string | null;
}

export interface ProjectMembersTable {
  project_id: number;
  user_id: number;
  role: string;
}

export interface AuditEventsTable {
  seq: number;
  time: number;
  actor: string;
  action: string;
  resource_type: string;
  resource_id: string;
  project_id: number | null;
  request_id: string | null;
  digest: string;
  /** JSON object, hashed as stored. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface PromotionPoliciesTable {
  project_id: number;
  risk_tier: string;
  approvals: number;
  separation_of_duties: number;
  /** JSON array of check names. */
  checks: string;
  metric_key: string | null;
  metric_higher_is_better: number | null;
  updated_time: number;
  updated_by: string;
}

export interface PromotionRequestsTable {
  id: Generated<number>;
  project_id: number;
  model_id: number;
  /** The model's name when the request was opened (kept for when the model is deleted). */
  model_name: string;
  version: number;
  alias: string;
  status: string;
  requested_by: string;
  comment: string;
  created_time: number;
  decided_time: number | null;
  /** JSON documents (PromotionEvidence, PromotionPolicy). */
  evidence: string;
  policy: string;
}

export interface PromotionDecisionsTable {
  id: Generated<number>;
  request_id: number;
  actor: string;
  decision: string;
  comment: string;
  time: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  project_id: number;
  url: string;
  /** JSON array of action patterns. */
  events: string;
  description: string;
  secret: string;
  since_seq: number;
  created_time: number;
  created_by: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: number;
  event_seq: number;
  status: string;
  attempts: number;
  next_attempt_time: number | null;
  created_time: number;
  delivered_time: number | null;
  /** JSON array of attempts. */
  history: string;
}

export interface WebhookCursorTable {
  id: number;
  seq: number;
}

export interface Schema {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  run_tags: KeyValueTable;
  params: KeyValueTable;
  metric_points: MetricPointsTable;
  latest_metrics: LatestMetricsTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  artifact_files: ArtifactFilesTable;
  registered_models: RegisteredModelsTable;
  model_versions: ModelVersionsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_version_tags: ModelVersionTagsTable;
  registered_model_aliases: RegisteredModelAliasesTable;
  model_cards: ModelCardsTable;
  projects: ProjectsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  project_members: ProjectMembersTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_cursor: WebhookCursorTable;
  promotion_policies: PromotionPoliciesTable;
  promotion_requests: PromotionRequestsTable;
  promotion_decisions: PromotionDecisionsTable;
  model_version_files: ModelVersionFilesTable;
  deployments: DeploymentsTable;
  deployment_revisions: DeploymentRevisionsTable;
  predictions: PredictionsTable;
  monitor_references: MonitorReferencesTable;
  monitors: MonitorsTable;
  monitor_windows: MonitorWindowsTable;
  monitor_results: MonitorResultsTable;
  alerts: AlertsTable;
  feedback: FeedbackTable;
  monitor_runs: MonitorRunsTable;
  retrain_requests: RetrainRequestsTable;
}

export interface ModelVersionFilesTable {
  version_id: number;
  /** Relative to the version's root (its source). */
  path: string;
  size: number;
  sha256: string;
}

export interface DeploymentsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  current_revision: number;
  created_time: number;
  last_update_time: number;
}

export interface DeploymentRevisionsTable {
  deployment_id: number;
  revision: number;
  /** JSON DeploymentSpec, defaults filled in. */
  spec: string;
  actor: string;
  comment: string;
  time: number;
}

export interface PredictionsTable {
  /** UUID. */
  id: string;
  deployment_id: number;
  project_id: number;
  time: number;
  revision: number;
  model: string;
  version: number;
  latency_ms: number;
  /** LoggedTensor[] as tensor-log-codec.ts stores them (bytes; JSON text logged before 0017). */
  inputs: Uint8Array | string;
  /** As `inputs`. */
  outputs: Uint8Array | string;
  /** JSON ShadowOutcome[]. */
  shadows: string;
}

