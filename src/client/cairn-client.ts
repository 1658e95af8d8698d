import { userInfo } from 'node:os';
import { ActiveRun, type BatchingOptions } from './active-run.js';
import { ArtifactsApi } from './artifacts-api.js';
import { AuditApi } from './audit-api.js';
import { DeploymentsApi } from './deployments-api.js';
import { PredictionsApi } from './predictions-api.js';
import { FeedbackApi } from './feedback.js';
import { MonitorsApi } from './monitors.js';
import { ReferencesApi } from './references.js';
import { ExperimentsApi } from './experiments-api.js';
import { ModelsApi } from './models-api.js';
import { AuthApi, MembersApi, ProjectsApi, TokensApi, UsersApi } from './access-api.js';
import { PoliciesApi, PromotionsApi } from './promotions-api.js';
import { sourceTags } from './git-info.js';
import { RunsApi } from './runs-api.js';
import { CairnApiError, Transport, type ClientOptions } from './transport.js';
import { WebhooksApi } from './webhooks-api.js';
import type { CreateRunOptions } from './types.js';

export interface StartRunOptions extends CreateRunOptions, BatchingOptions {
  /** Logs into the experiment of this name, creating it if needed (instead of `experimentId`). */
  experimentName?: string;
  /** Folder whose git state is recorded. Defaults to `process.cwd()`. */
  cwd?: string;
  /** Entry point recorded as `mlflow.source.name`. Defaults to the running script, `process.argv[1]`. */
  sourceName?: string;
  /** Record git commit, branch and dirty flag. Default true. */
  captureCodeVersion?: boolean;
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // Some containers run as a uid with no passwd entry.
    return undefined;
  }
}

/**
 * Typed client of Cairn's native API (`/api/v1`).
 * @example
 * const client = new CairnClient({ url: 'http://127.0.0.1:5000' });
 * const run = await client.startRun({ experimentName: 'fraud-model' });
 * run.logMetric('auc', 0.91);
 * await run.end();
 */
export class CairnClient {
  readonly experiments: ExperimentsApi;
  readonly runs: RunsApi;
  readonly artifacts: ArtifactsApi;
  readonly models: ModelsApi;
  readonly auth: AuthApi;
  readonly projects: ProjectsApi;
  readonly members: MembersApi;
  readonly users: UsersApi;
  readonly tokens: TokensApi;
  readonly webhooks: WebhooksApi;
  readonly promotions: PromotionsApi;
  readonly policies: PoliciesApi;
  readonly audit: AuditApi;
  readonly deployments: DeploymentsApi;
  readonly predictions: PredictionsApi;
  readonly feedback: FeedbackApi;
  /** Monitors of deployments, their results, windows and alerts. */
  readonly monitors: MonitorsApi;
  /** Monitor references: what windows are compared with. */
  readonly references: ReferencesApi;

  /**
   * @example
   * const client = new CairnClient({ url: process.env.CAIRN_URL ?? 'http://127.0.0.1:5000', token: process.env.CAIRN_TOKEN });
   */
  constructor(options: ClientOptions) {
    const transport = new Transport(options);
    this.experiments = new ExperimentsApi(transport);
    this.runs = new RunsApi(transport);
    this.artifacts = new ArtifactsApi(transport);
    this.models = new ModelsApi(transport);
    this.auth = new AuthApi(transport);
    this.projects = new ProjectsApi(transport);
    this.members = new MembersApi(transport);
    this.users = new UsersApi(transport);
    this.tokens = new TokensApi(transport);
    this.webhooks = new WebhooksApi(transport);
    this.promotions = new PromotionsApi(transport);
    this.policies = new PoliciesApi(transport);
    this.audit = new AuditApi(transport);
    this.deployments = new DeploymentsApi(transport);
    this.predictions = new PredictionsApi(transport);
    this.feedback = new FeedbackApi(transport);
    this.monitors = new MonitorsApi(transport);
    this.references = new ReferencesApi(transport);
  }

  /**
   * Starts a run and returns an `ActiveRun` that batches metrics. Records the code version: the
   * entry script, and inside a git repository the commit, branch and a dirty flag, as run tags.
   * @example
   * const run = await client.startRun({ experimentName: 'fraud-model', runName: 'gbm-depth-6' });
   * await run.logParams({ max_depth: 6 });
   * for (let step = 0; step < 100; step++) run.logMetric('loss', 1 / (step + 1), { step });
   * await run.end();
   */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    const { experimentName, cwd, sourceName, captureCodeVersion, flushIntervalMs, maxBufferSize, onError, ...create } = options;
    let experimentId = create.experimentId;
    if (experimentName !== undefined) {
      const existing = await this.experiments.getByName(experimentName);
      if (existing?.lifecycleStage === 'deleted') {
        throw new CairnApiError('INVALID_STATE', `Experiment '${experimentName}' is deleted; restore it or choose another name`, 0);
      }
      experimentId = (existing ?? (await this.createExperimentRacing(experimentName))).experimentId;
    }
    const source = captureCodeVersion === false ? {} : await sourceTags(cwd ?? process.cwd(), sourceName ?? process.argv[1]);
    const user = create.userId ?? currentUser();
    const run = await this.runs.create({
      ...create,
      ...(experimentId !== undefined ? { experimentId } : {}),
      ...(user !== undefined ? { userId: user } : {}),
      tags: { ...source, ...(user !== undefined ? { 'mlflow.user': user } : {}), ...create.tags },
    });
    const batching: BatchingOptions = {
      ...(flushIntervalMs !== undefined ? { flushIntervalMs } : {}),
      ...(maxBufferSize !== undefined ? { maxBufferSize } : {}),
      ...(onError !== undefined ? { onError } : {}),
    };
    return new ActiveRun(run, this.runs, batching);
  }

  /** Another process may create the same experiment between our lookup and our create. */
  private async createExperimentRacing(name: string) {
    try {
      return await this.experiments.create(name);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ALREADY_EXISTS') throw error;
      const existing = await this.experiments.getByName(name);
      if (!existing) throw error;
      return existing;
    }
  }
}
