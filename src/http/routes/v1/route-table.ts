import { accessRoutes } from './access-routes.js';
import { artifactRoutes } from './artifact-routes.js';
import { auditRoutes } from './audit-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import { experimentRoutes } from './experiment-routes.js';
import { feedbackRoutes } from './feedback-routes.js';
import { governanceRoutes } from './governance-routes.js';
import { monitorRoutes } from './monitor-routes.js';
import { monitorRunRoutes } from './monitor-run-routes.js';
import { alertRoutes } from './alert-routes.js';
import { modelCardRoutes } from './model-card-routes.js';
import { modelFileRoutes } from './model-file-routes.js';
import { predictionRoutes } from './prediction-routes.js';
import { registryEditRoutes } from './registry-edit-routes.js';
import { registryRoutes } from './registry-routes.js';
import { referenceRoutes } from './reference-routes.js';
import type { AnyRoute } from './route.js';
import { runRoutes } from './run-routes.js';
import { servingStatsRoutes } from './serving-stats-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/** Every native route; the Fastify registration and the OpenAPI document are both built from this list. */
export const nativeRoutes: readonly AnyRoute[] = [...experimentRoutes, ...runRoutes, ...artifactRoutes, ...registryRoutes, ...registryEditRoutes, ...modelFileRoutes, ...modelCardRoutes, ...webhookRoutes, ...governanceRoutes, ...accessRoutes, ...auditRoutes, ...deploymentRoutes, ...predictionRoutes, ...monitorRoutes, ...monitorRunRoutes, ...alertRoutes, ...feedbackRoutes, ...referenceRoutes, ...servingStatsRoutes];
