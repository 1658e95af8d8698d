/** Ground truth for one prediction. `api` labels come from systems; `expert` ones from people reviewing in the UI. */
export const feedbackSources = ['api', 'expert'] as const;
export type FeedbackSource = (typeof feedbackSources)[number];

export interface Feedback {
  predictionId: string;
  deployment: string;
  /** When the prediction was made (windows are by prediction time). */
  predictionTime: number;
  /** A class (string) or a number (regression); null when an expert only commented. */
  label: string | number | null;
  comment: string | null;
  source: FeedbackSource;
  createdBy: string;
  createdTime: number;
}

/** One label of a bulk call. */
export interface FeedbackInput {
  predictionId: string;
  label: string | number | null;
  comment?: string;
}
