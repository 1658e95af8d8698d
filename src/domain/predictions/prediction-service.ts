import type { Authorizer } from '../access/authorizer.js';
import type { DeploymentStore } from '../deployments/deployment-store.js';
import { CairnError, invalidArgument, notFound } from '../errors.js';
import { getLineage, type ModelLineage } from '../registry/lineage.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { TrackingService } from '../tracking/tracking-service.js';
import type { Prediction, PredictionCursor, PredictionStore, StoredPrediction } from './prediction-store.js';

export interface PredictionServiceOptions {
  store: Pick<PredictionStore, 'get' | 'list'>;
  deployments: Pick<DeploymentStore, 'get'>;
  authorizer: Authorizer;
  registry: RegistryService;
  tracking: TrackingService;
}

export interface PredictionWithLineage {
  prediction: Prediction;
  /** Where the answering model version came from; `null` when that version has since been deleted. */
  lineage: ModelLineage | null;
}

export interface PredictionPage {
  /** Newest first. */
  predictions: Prediction[];
  nextPageToken?: string;
}

export const predictionLimits = { defaultMaxResults: 50, maxResults: 500 } as const;

/**
 * Reading the prediction log. A prediction belongs to its deployment's project; reading it needs
 * `read` there, as reading the deployment does.
 */
export class PredictionService {
  constructor(private readonly options: PredictionServiceOptions) {}

  /** One prediction and the lineage of the version that made it. Unknown, not yet written, or of a deleted deployment: NOT_FOUND. */
  async get(id: string): Promise<PredictionWithLineage> {
    const found = await this.options.store.get(id);
    if (!found) throw notFound(`Prediction '${id}' not found (predictions are written in the background; a new one may take a moment to appear)`);
    await this.options.authorizer.requireProject(found.projectId, 'read');
    return { prediction: strip(found), lineage: await this.lineage(found) };
  }

  /** A deployment's logged predictions, newest first. */
  async list(deployment: string, page: { maxResults?: number; pageToken?: string } = {}): Promise<PredictionPage> {
    const maxResults = page.maxResults ?? predictionLimits.defaultMaxResults;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > predictionLimits.maxResults) {
      throw invalidArgument(`maxResults: must be an integer from 1 to ${predictionLimits.maxResults}, got ${maxResults}`);
    }
    const after = page.pageToken === undefined || page.pageToken === '' ? undefined : decodeCursor(page.pageToken);
    const stored = await this.options.deployments.get(deployment);
    if (!stored) throw notFound(`Deployment '${deployment}' not found`);
    await this.options.authorizer.requireProject(stored.projectId, 'read');
    // One row past the page tells whether another page follows.
    const rows = await this.options.store.list(stored.id, { limit: maxResults + 1, ...(after ? { after } : {}) });
    const predictions = rows.slice(0, maxResults).map(strip);
    const last = predictions[predictions.length - 1];
    return rows.length > maxResults && last ? { predictions, nextPageToken: encodeCursor({ time: last.time, id: last.id }) } : { predictions };
  }

  private async lineage(prediction: StoredPrediction): Promise<ModelLineage | null> {
    try {
      return await getLineage(this.options.registry, this.options.tracking, prediction.model, prediction.version);
    } catch (error) {
      // The log outlives registry deletes: the prediction still answers, without the version's lineage.
      if (error instanceof CairnError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}

function strip(p: StoredPrediction): Prediction {
  const { deploymentId: _deploymentId, projectId: _projectId, ...rest } = p;
  return rest;
}

function encodeCursor(cursor: PredictionCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.time, i: cursor.id })).toString('base64url');
}

function decodeCursor(token: string): PredictionCursor {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { t?: unknown; i?: unknown };
    if (typeof parsed.t === 'number' && Number.isSafeInteger(parsed.t) && typeof parsed.i === 'string' && parsed.i.length <= 100) return { time: parsed.t, id: parsed.i };
  } catch {
    // Falls through to the error below.
  }
  throw invalidArgument('pageToken: not a token from a previous prediction listing');
}
