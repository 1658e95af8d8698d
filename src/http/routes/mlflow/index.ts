import type { FastifyInstance } from 'fastify';
import type { RegistryService } from '../../../domain/registry/registry-service.js';
import type { TrackingService } from '../../../domain/tracking/tracking-service.js';
import { registerExperimentRoutes } from './experiments.js';
import { acceptJsonBodies } from './json-body.js';
import { registerMetricRoutes } from './metrics.js';
import { registerRegisteredModelRoutes } from './registry-models.js';
import { registerModelVersionRoutes } from './registry-versions.js';
import { registerRunRoutes } from './runs.js';

export interface MlflowRoutesOptions {
  tracking: TrackingService;
  registry: RegistryService;
}

/** MLflow's tracking REST API. Registered once per prefix (`/api/2.0/mlflow`, `/ajax-api/2.0/mlflow`). */
export async function mlflowRoutes(server: FastifyInstance, options: MlflowRoutesOptions): Promise<void> {
  acceptJsonBodies(server);
  registerExperimentRoutes(server, options.tracking);
  registerRunRoutes(server, options.tracking);
  registerMetricRoutes(server, options.tracking);
  registerRegisteredModelRoutes(server, options.registry);
  registerModelVersionRoutes(server, options.registry);
}
