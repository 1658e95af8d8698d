/** Cairn's TypeScript SDK: a typed client of the native API (`/api/v1`). */
export { CairnClient, type StartRunOptions } from './cairn-client.js';
export { ActiveRun, type BatchingOptions } from './active-run.js';
export { ExperimentsApi } from './experiments-api.js';
export { RunsApi, type RunSearchOptions } from './runs-api.js';
export { ArtifactsApi } from './artifacts-api.js';
export { AuditApi, type AuditChainReport, type AuditEvent, type AuditListOptions, type AuditPage } from './audit-api.js';
export { ModelsApi, type CreateVersionOptions, type ModelListOptions } from './models-api.js';
export { AuthApi, MembersApi, ProjectsApi, TokensApi, UsersApi, type ApiTokenInfo, type Me, type Project, type ProjectMember, type ProjectRole, type User } from './access-api.js';
export {
  PoliciesApi,
  PromotionsApi,
  type CheckResult,
  type EffectivePolicy,
  type MetricComparison,
  type PolicyCheck,
  type PolicyMetric,
  type PolicyTier,
  type Promotion,
  type PromotionDecision,
  type PromotionEvidence,
  type PromotionListOptions,
  type PromotionPage,
  type PromotionPolicy,
  type PromotionStatus,
} from './promotions-api.js';
export {
  WebhooksApi,
  type CreatedWebhook,
  type CreateWebhookOptions,
  type DeliveryAttempt,
  type DeliveryListOptions,
  type DeliveryPage,
  type DeliveryStatus,
  type PingResult,
  type Webhook,
  type WebhookDelivery,
  type WebhookEventBody,
  type WebhookPayload,
} from './webhooks-api.js';
export {
  DeploymentsApi,
  type BatchingSettings,
  type CreateDeploymentOptions,
  type Deployment,
  type DeploymentRevision,
  type DeploymentSpec,
  type DeploymentSpecInput,
  type LoggingSettings,
  type RollbackOptions,
  type ShadowVersion,
  type StickyRouting,
  type TrafficVersion,
} from './deployments-api.js';
export {
  PredictionsApi,
  type LoggedTensor,
  type Prediction,
  type PredictionListOptions,
  type PredictionPage,
  type PredictionWithLineage,
  type ShadowOutcome,
} from './predictions-api.js';
export { FeedbackApi, maxFeedbackItems, type Feedback, type FeedbackInput, type FeedbackListOptions, type FeedbackPage, type FeedbackSource, type ReviewItem, type ReviewQueueOptions } from './feedback.js';
export { CairnApiError, type ClientOptions } from './transport.js';
export { readGitInfo, sourceTags, sourceTagKeys, type GitInfo } from './git-info.js';
export type * from './types.js';
export { ReferencesApi, type ReferenceColumnTypes, type MonitorReference, type DatasetProfile, type ColumnProfile } from './references.js';
export {
  MonitorsApi,
  type Alert,
  type AlertStatus,
  type Monitor,
  type MonitorAction,
  type MonitorCheck,
  type MonitorResult,
  type MonitorRunSummary,
  type MonitorSpec,
  type MonitorSpecInput,
  type MonitorTask,
  type MonitorWindow,
  type MonitorWindowView,
  type ResultQuery,
  type Severity,
} from './monitors.js';
