import { artifactRoutes } from './artifact-routes.js';
import { experimentRoutes } from './experiment-routes.js';
import { modelCardRoutes } from './model-card-routes.js';
import { registryRoutes } from './registry-routes.js';
import type { AnyRoute } from './route.js';
import { runRoutes } from './run-routes.js';

/** Every native route; the Fastify registration and the OpenAPI document are both built from this list. */
export const nativeRoutes: readonly AnyRoute[] = [...experimentRoutes, ...runRoutes, ...artifactRoutes, ...registryRoutes, ...modelCardRoutes];
