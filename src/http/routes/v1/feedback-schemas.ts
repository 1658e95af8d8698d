import { z } from 'zod';
import { feedbackSources } from '../../../domain/monitoring/feedback.js';
import { feedbackLimits } from '../../../domain/monitoring/feedback-service.js';
import { reviewStrategies } from '../../../domain/monitoring/review-queue.js';
import { predictionSchema } from './prediction-schemas.js';
import { epochMillisSchema, pageTokenSchema, requestComponents, responseComponents } from './schemas.js';

/** Bytes a bulk call may send: 10,000 items with room for comments. */
export const bulkFeedbackBodyLimit = 16 * 1024 * 1024;

const labelSchema = z
  .union([z.string().min(1).max(feedbackLimits.labelLength), z.number()])
  .nullable()
  .describe('A class name (classification) or a number (regression); null when only commenting');
const commentSchema = z.string().max(feedbackLimits.commentLength).describe("An expert's note on the prediction");
const sourceSchema = z.enum(feedbackSources).describe('Who labelled: a system (`api`) or a person reviewing (`expert`)');

export const feedbackSchema = z
  .object({
    predictionId: z.string(),
    deployment: z.string(),
    predictionTime: epochMillisSchema.describe('When the prediction was made; windows are by prediction time'),
    label: z.union([z.string(), z.number()]).nullable(),
    comment: z.string().nullable(),
    source: z.enum(feedbackSources),
    createdBy: z.string(),
    createdTime: epochMillisSchema,
  })
  .register(responseComponents, { id: 'Feedback' });

export const feedbackBodySchema = z
  .strictObject({ label: labelSchema, comment: commentSchema.optional(), source: sourceSchema.optional().describe('Default `expert`') })
  .register(requestComponents, { id: 'FeedbackBody' });

export const feedbackItemSchema = z
  .strictObject({ predictionId: z.string().min(1).max(100), label: labelSchema, comment: commentSchema.optional() })
  .register(requestComponents, { id: 'FeedbackInput' });

export const bulkFeedbackBodySchema = z
  .strictObject({ items: z.array(feedbackItemSchema).min(1).max(feedbackLimits.bulkItems), source: sourceSchema.optional().describe('Default `api`') })
  .register(requestComponents, { id: 'BulkFeedbackBody' });

export const feedbackResultSchema = z.object({ feedback: feedbackSchema }).register(responseComponents, { id: 'FeedbackResult' });
export const bulkFeedbackResultSchema = z.object({ recorded: z.number().int().describe('Items stored (a prediction named twice counts once)') }).register(responseComponents, { id: 'BulkFeedbackResult' });

export const feedbackPageSchema = z
  .object({ feedback: z.array(feedbackSchema).describe('Newest first'), nextPageToken: z.string().optional() })
  .register(responseComponents, { id: 'FeedbackPage' });

export const listFeedbackQuerySchema = z.strictObject({
  maxResults: z.coerce.number().int().min(1).max(feedbackLimits.maxResults).default(feedbackLimits.defaultMaxResults),
  pageToken: pageTokenSchema.optional(),
});

export const reviewQueueQuerySchema = z.strictObject({
  strategy: z.enum(reviewStrategies).default('uncertainty').describe('`uncertainty`: least confident first; `sample`: uniformly at random'),
  limit: z.coerce.number().int().min(1).max(feedbackLimits.maxReviewLimit).default(feedbackLimits.defaultReviewLimit),
});

export const reviewQueueSchema = z
  .object({
    predictions: z.array(
      predictionSchema.extend({ uncertainty: z.number().nullable().describe('1 − the highest class probability; null when no probabilities are logged') }),
    ),
  })
  .register(responseComponents, { id: 'ReviewQueue' });
