import type { FastifyRequest } from 'fastify';
import type { AccessService } from '../domain/access/access-service.js';
import { looksLikeToken } from '../domain/access/api-token.js';
import { localAdmin, type Caller } from '../domain/access/caller.js';
import { anonymousCaller, unauthenticated } from '../domain/access/sign-in.js';
import { CairnError } from '../domain/errors.js';
import { clientRouteSegments } from './routes/web-ui.js';

export interface AuthenticatorOptions {
  /** CAIRN_AUTH; off, every request is the local admin (the server then binds to loopback only). */
  authEnabled: boolean;
  access: Pick<AccessService, 'authenticateToken' | 'authenticatePassword'>;
}

/** Sent with every 401 so HTTP clients (curl, the MLflow client's requests) know Basic is accepted. */
export const basicChallenge = 'Basic realm="cairn"';

// The Open Inference Protocol's probes are for load balancers and Kubernetes, which send no credentials.
const publicPaths = new Set(['/health', '/version', '/metrics', '/', '/index.html', '/favicon.ico', '/v2/health/live', '/v2/health/ready']);
const loginPath = '/api/v1/auth/login';

/**
 * Routes that answer without credentials: health and version probes, Prometheus, the web UI's
 * files and client-side routes (the UI itself asks for a sign-in), and the sign-in route. Every
 * other path, known or not, needs credentials: deny by default.
 */
export function isPublicRoute(method: string, url: string): boolean {
  const path = url.split('?')[0] ?? '';
  if (publicPaths.has(path) || path.startsWith('/assets/')) return true;
  if (method === 'POST' && path === loginPath) return true;
  return clientRouteSegments.some((segment) => path === `/${segment}` || path.startsWith(`/${segment}/`));
}

/**
 * Who is calling, from the `Authorization` header: `Bearer <token>`, or `Basic base64(user:password)`
 * where the password may also be an API token (the MLflow client sends MLFLOW_TRACKING_TOKEN as
 * Bearer and MLFLOW_TRACKING_USERNAME/PASSWORD as Basic). Bad credentials are refused with
 * UNAUTHENTICATED, except on public routes, where they count as none: a stale token kept by a
 * browser must not lock its owner out of the sign-in page.
 */
export function createAuthenticator(options: AuthenticatorOptions): (request: FastifyRequest) => Promise<Caller> {
  return async (request) => {
    if (!options.authEnabled) return localAdmin;
    const header = request.headers.authorization;
    const isPublic = isPublicRoute(request.method, request.url);
    if (header === undefined || header === '') {
      if (isPublic) return anonymousCaller;
      throw unauthenticated('authentication required: send an API token as `Authorization: Bearer <token>`, or Basic credentials');
    }
    try {
      return await fromHeader(header, options.access);
    } catch (error) {
      if (isPublic && error instanceof CairnError && error.code === 'UNAUTHENTICATED') return anonymousCaller;
      throw error;
    }
  };
}

async function fromHeader(header: string, access: AuthenticatorOptions['access']): Promise<Caller> {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer') return access.authenticateToken(value);
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthenticated('malformed Basic credentials: expected base64 of user:password');
    const password = decoded.slice(colon + 1);
    // An API token works as the password, whatever the user name: tools that only speak Basic can use tokens.
    if (looksLikeToken(password)) return access.authenticateToken(password);
    return access.authenticatePassword(decoded.slice(0, colon), password);
  }
  throw unauthenticated('unsupported Authorization scheme: use Bearer or Basic');
}
