import type { Authorizer } from '../access/authorizer.js';
import type { Clock } from '../clock.js';
import type { DeploymentStore } from '../deployments/deployment-store.js';
import { invalidArgument, notFound } from '../errors.js';
import type { Prediction, PredictionStore, StoredPrediction } from '../predictions/prediction-store.js';
import { feedbackSources, type Feedback, type FeedbackInput, type FeedbackSource } from './feedback.js';
import type { FeedbackCursor, FeedbackStore, NewFeedback } from './feedback-store.js';
import { pickForReview, reviewStrategies, type ReviewStrategy } from './review-queue.js';

export const feedbackLimits = {
  bulkItems: 10_000,
  labelLength: 1_000,
  commentLength: 10_000,
  defaultMaxResults: 50,
  maxResults: 500,
  defaultReviewLimit: 20,
  maxReviewLimit: 100,
  /** Newest unlabelled predictions the review queue picks from. */
  reviewCandidates: 500,
} as const;

export interface FeedbackServiceOptions {
  store: FeedbackStore;
  predictions: Pick<PredictionStore, 'get'>;
  deployments: Pick<DeploymentStore, 'get'>;
  authorizer: Authorizer;
  clock: Clock;
  random?: () => number;
}

export interface FeedbackPage {
  /** Newest first. */
  feedback: Feedback[];
  nextPageToken?: string;
}

export type ReviewItem = Prediction & { uncertainty: number | null };

/**
 * Ground truth for logged predictions. Giving it needs `write` (contributor and up: the experts
 * reviewing predictions) in the deployment's project; reading it `read`.
 */
export class FeedbackService {
  constructor(private readonly options: FeedbackServiceOptions) {}

  /** A label (or comment) for one prediction; NOT_FOUND when it is not logged. */
  async record(predictionId: string, input: Omit<FeedbackInput, 'predictionId'>, source: FeedbackSource = 'expert'): Promise<Feedback> {
    const item = validItem({ ...input, predictionId }, '');
    const prediction = await this.options.predictions.get(predictionId);
    if (!prediction) throw notFound(`Prediction '${predictionId}' not found (predictions are written in the background; a new one may take a moment to appear)`);
    await this.options.authorizer.requireProject(prediction.projectId, 'write', `to give feedback on prediction '${predictionId}'`);
    const [stored] = await this.options.store.record({ id: prediction.deploymentId, projectId: prediction.projectId, name: prediction.deployment }, [this.stamp(item, validSource(source))]);
    return stored as Feedback;
  }

  /** Labels for many predictions of one deployment: all recorded, or none (unknown ids are named). */
  async recordMany(deployment: string, items: readonly FeedbackInput[], source: FeedbackSource = 'api'): Promise<number> {
    if (!Array.isArray(items) || items.length === 0) throw invalidArgument('items: give at least one item');
    if (items.length > feedbackLimits.bulkItems) throw invalidArgument(`items: at most ${feedbackLimits.bulkItems} per call, got ${items.length}`);
    const valid = items.map((item, i) => validItem(item, `items[${i}].`));
    const stored = await this.writable(deployment);
    const kind = validSource(source);
    const recorded = await this.options.store.record({ id: stored.id, projectId: stored.projectId, name: stored.name }, valid.map((item) => this.stamp(item, kind)));
    return recorded.length;
  }

  /** A deployment's feedback, newest first. */
  async list(deployment: string, page: { maxResults?: number; pageToken?: string } = {}): Promise<FeedbackPage> {
    const maxResults = page.maxResults ?? feedbackLimits.defaultMaxResults;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > feedbackLimits.maxResults) {
      throw invalidArgument(`maxResults: must be an integer from 1 to ${feedbackLimits.maxResults}, got ${maxResults}`);
    }
    const after = page.pageToken === undefined || page.pageToken === '' ? undefined : decodeCursor(page.pageToken);
    const stored = await this.readable(deployment);
    const rows = await this.options.store.list(stored.id, { limit: maxResults + 1, ...(after ? { after } : {}) });
    const feedback = rows.slice(0, maxResults);
    const last = feedback[feedback.length - 1];
    return rows.length > maxResults && last ? { feedback, nextPageToken: encodeCursor({ createdTime: last.createdTime, predictionId: last.predictionId }) } : { feedback };
  }

  /** Recent predictions without feedback, the most uncertain first or a random sample. */
  async reviewQueue(deployment: string, strategy: ReviewStrategy = 'uncertainty', limit: number = feedbackLimits.defaultReviewLimit): Promise<ReviewItem[]> {
    if (!reviewStrategies.includes(strategy)) throw invalidArgument(`strategy: must be one of ${reviewStrategies.join(', ')}, got '${String(strategy)}'`);
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > feedbackLimits.maxReviewLimit) {
      throw invalidArgument(`limit: must be an integer from 1 to ${feedbackLimits.maxReviewLimit}, got ${limit}`);
    }
    const stored = await this.readable(deployment);
    const candidates = await this.options.store.unlabelled(stored.id, feedbackLimits.reviewCandidates);
    return pickForReview(candidates.map(strip), strategy, limit, this.options.random);
  }

  private stamp(item: FeedbackInput, source: FeedbackSource): NewFeedback {
    return { predictionId: item.predictionId, label: item.label, comment: item.comment ?? null, source, createdBy: this.options.authorizer.caller().name, createdTime: this.options.clock.now() };
  }

  private async readable(name: string) {
    const stored = await this.options.deployments.get(name);
    if (!stored) throw notFound(`Deployment '${name}' not found`);
    await this.options.authorizer.requireProject(stored.projectId, 'read');
    return stored;
  }

  private async writable(name: string) {
    const stored = await this.options.deployments.get(name);
    if (!stored) throw notFound(`Deployment '${name}' not found`);
    await this.options.authorizer.requireProject(stored.projectId, 'write', `to give feedback on deployment '${name}'`);
    return stored;
  }
}

/** Checks one item; `at` prefixes field names in messages (`items[3].label`). */
function validItem(item: FeedbackInput, at: string): FeedbackInput {
  if (typeof item !== 'object' || item === null) throw invalidArgument(`${at || 'body'}: must be an object`);
  const { predictionId, label, comment } = item;
  if (typeof predictionId !== 'string' || predictionId.length === 0 || predictionId.length > 100) throw invalidArgument(`${at}predictionId: must be a prediction id`);
  if (typeof label === 'number') {
    if (!Number.isFinite(label)) throw invalidArgument(`${at}label: must be a finite number, a class name or null`);
  } else if (typeof label === 'string') {
    if (label.trim() === '' || label.length > feedbackLimits.labelLength) throw invalidArgument(`${at}label: a class name of 1 to ${feedbackLimits.labelLength} characters`);
  } else if (label !== null) {
    throw invalidArgument(`${at}label: must be a number, a class name or null`);
  }
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > feedbackLimits.commentLength)) {
    throw invalidArgument(`${at}comment: must be text of at most ${feedbackLimits.commentLength} characters`);
  }
  if (label === null && (comment === undefined || comment.trim() === '')) throw invalidArgument(`${at}label: give a label, or a comment when there is none`);
  return { predictionId, label, ...(comment !== undefined ? { comment } : {}) };
}

function validSource(source: FeedbackSource): FeedbackSource {
  if (!feedbackSources.includes(source)) throw invalidArgument(`source: must be one of ${feedbackSources.join(', ')}`);
  return source;
}

function strip(p: StoredPrediction): Prediction {
  const { deploymentId: _deploymentId, projectId: _projectId, ...rest } = p;
  return rest;
}

function encodeCursor(cursor: FeedbackCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdTime, i: cursor.predictionId })).toString('base64url');
}

function decodeCursor(token: string): FeedbackCursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t === 'number' && Number.isSafeInteger(parsed.t) && typeof parsed.i === 'string' && parsed.i.length <= 100) return { createdTime: parsed.t, predictionId: parsed.i };
  } catch {
    // Falls through to the error below.
  }
  throw invalidArgument('pageToken: not a token from a previous feedback listing');
}
