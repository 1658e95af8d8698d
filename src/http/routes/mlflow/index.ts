import type { FastifyInstance } from 'fastify';
import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import { registerExperimentRoutes } from './experiments.js';
import { acceptJsonBodies } from './json-body.js';
import { registerMetricRoutes } from './metrics.js';
import { registerRunRoutes } from './runs.js';

export interface MlflowRoutesOptions {
  tracking: TrackingService;
}

/** MLflow's tracking REST API. Registered once per prefix (`/api/2.0/mlflow`, `/ajax-api/2.0/mlflow`). */
export async function mlflowRoutes(server: FastifyInstance, options: MlflowRoutesOptions): Promise<void> {
  acceptJsonBodies(server);
  registerExperimentRoutes(server, options.tracking);
  registerRunRoutes(server, options.tracking);
  registerMetricRoutes(server, options.tracking);
}
