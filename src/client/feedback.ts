import type { Feedback, FeedbackInput, FeedbackSource } from '../domain/monitoring/feedback.js';
import type { Prediction } from '../domain/predictions/prediction-store.js';
import type { Transport } from './transport.js';

export type { Feedback, FeedbackInput, FeedbackSource } from '../domain/monitoring/feedback.js';

export interface FeedbackPage {
  /** Newest first. */
  feedback: Feedback[];
  nextPageToken?: string;
}

export interface FeedbackListOptions {
  /** 1 to 500; 50 by default. */
  maxResults?: number;
  pageToken?: string;
}

/** A prediction waiting for review, with how unsure the model was (1 − its highest class probability). */
export type ReviewItem = Prediction & { uncertainty: number | null };

export interface ReviewQueueOptions {
  /** `uncertainty` (default): the least confident first; `sample`: uniformly at random. */
  strategy?: 'uncertainty' | 'sample';
  /** 1 to 100; 20 by default. */
  limit?: number;
}

/** The most items one `addMany` call takes. */
export const maxFeedbackItems = 10_000;

/**
 * Ground truth for logged predictions: `client.feedback`. Giving feedback needs role contributor
 * or higher in the deployment's project; reading it, viewer.
 */
export class FeedbackApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Labels one prediction (a later label replaces it); `label: null` with a comment only comments.
   * @example
   * await client.feedback.add(predictionId, 'fraud', { comment: 'confirmed by the bank' });
   */
  async add(predictionId: string, label: string | number | null, options: { comment?: string; source?: FeedbackSource } = {}): Promise<Feedback> {
    const answer = await this.transport.json<{ feedback: Feedback }>('POST', `/predictions/${encodeURIComponent(predictionId)}/feedback`, { body: { label, ...options } });
    return answer.feedback;
  }

  /**
   * Labels up to 10,000 predictions of a deployment: all are recorded, or none (the error names unknown ids).
   * @example
   * const recorded = await client.feedback.addMany('churn', [{ predictionId: id, label: 1 }]);
   */
  async addMany(deployment: string, items: FeedbackInput[], options: { source?: FeedbackSource } = {}): Promise<number> {
    const answer = await this.transport.json<{ recorded: number }>('POST', `/deployments/${encodeURIComponent(deployment)}/feedback`, { body: { items, ...options } });
    return answer.recorded;
  }

  /** One page of a deployment's feedback, newest first. */
  list(deployment: string, options: FeedbackListOptions = {}): Promise<FeedbackPage> {
    const query = { ...(options.maxResults !== undefined ? { maxResults: String(options.maxResults) } : {}), ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}) };
    return this.transport.json('GET', `/deployments/${encodeURIComponent(deployment)}/feedback`, { query });
  }

  /** Recent predictions without feedback, for experts to label. */
  async reviewQueue(deployment: string, options: ReviewQueueOptions = {}): Promise<ReviewItem[]> {
    const query = { ...(options.strategy !== undefined ? { strategy: options.strategy } : {}), ...(options.limit !== undefined ? { limit: String(options.limit) } : {}) };
    const answer = await this.transport.json<{ predictions: ReviewItem[] }>('GET', `/deployments/${encodeURIComponent(deployment)}/review-queue`, { query });
    return answer.predictions;
  }
}
