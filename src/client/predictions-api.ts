import type { Transport } from './transport.js';
import type { Metric, ModelVersionLineage } from './types.js';
import type { Prediction } from '../domain/predictions/prediction-store.js';

export type { LoggedTensor, ShadowOutcome } from '../domain/predictions/prediction.js';
export type { Prediction } from '../domain/predictions/prediction-store.js';

export interface PredictionWithLineage {
  prediction: Prediction;
  /** Where the answering version came from (as `client.models.lineage` answers); `null` when that version was deleted since. */
  lineage: ModelVersionLineage | null;
}

export interface PredictionPage {
  /** Newest first. */
  predictions: Prediction[];
  nextPageToken?: string;
}

export interface PredictionListOptions {
  /** 1 to 500; 50 by default. */
  maxResults?: number;
  pageToken?: string;
}

type WireMetric = Omit<Metric, 'value'> & { value: number | 'NaN' | 'Infinity' | '-Infinity' };
type WireLineage = Omit<ModelVersionLineage, 'run'> & { run?: Omit<NonNullable<ModelVersionLineage['run']>, 'metrics'> & { metrics: WireMetric[] } };

/** The prediction log: `client.predictions`. Reading needs the read permission in the deployment's project. */
export class PredictionsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * One logged prediction with the lineage of the model version that made it. Predictions are
   * written in the background: one answered a moment ago may not be found yet.
   * @example
   * const { prediction, lineage } = await client.predictions.get(response.headers.get('x-prediction-id')!);
   * console.log(prediction.model, prediction.version, lineage?.run?.codeVersion.gitCommit);
   */
  async get(id: string): Promise<PredictionWithLineage> {
    const answer = await this.transport.json<{ prediction: Prediction; lineage: WireLineage | null }>('GET', `/predictions/${encodeURIComponent(id)}`);
    const lineage = answer.lineage;
    if (!lineage?.run) return answer as PredictionWithLineage;
    const metrics = lineage.run.metrics.map((m): Metric => ({ ...m, value: Number(m.value) }));
    return { prediction: answer.prediction, lineage: { ...lineage, run: { ...lineage.run, metrics } } };
  }

  /**
   * One page of a deployment's logged predictions, newest first.
   * @example
   * const { predictions } = await client.predictions.list('churn', { maxResults: 20 });
   */
  list(deployment: string, options: PredictionListOptions = {}): Promise<PredictionPage> {
    const query = { ...(options.maxResults !== undefined ? { maxResults: String(options.maxResults) } : {}), ...(options.pageToken !== undefined ? { pageToken: options.pageToken } : {}) };
    return this.transport.json('GET', `/deployments/${encodeURIComponent(deployment)}/predictions`, { query });
  }
}
