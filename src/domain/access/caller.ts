import { CairnError } from '../errors.js';

/**
 * What a token scoped to one deployment allows: calling that deployment's inference routes, and
 * nothing else (docs/access.md, "Deployment-scoped tokens").
 */
export interface DeploymentScope {
  /** The deployment's id, not its name: a deployment deleted and made again under the same name is another one. */
  deploymentId: number;
  /** Its name, for messages. */
  deployment: string;
  /** Whether the token's owner is an installation admin; otherwise the owner must still read the deployment's project. */
  ownerIsAdmin: boolean;
}

/** Who is making a call: a signed-in user, the implicit local admin, or Cairn itself. */
export interface Caller {
  /** Internal user id; null for the implicit local admin and for Cairn's own background work. */
  userId: number | null;
  /** Login name, recorded as the actor of audit events. */
  name: string;
  /** Installation-wide admin: every project, and the management of users. Always false for a scoped token. */
  isAdmin: boolean;
  /** Set when the caller presented a token scoped to one deployment: the user's rights do not apply then. */
  scope?: DeploymentScope;
}

/** The context of one call, carried alongside it (see runtime/call-context.ts). */
export interface CallContext {
  caller: Caller;
  /** The HTTP request id, when the call came through HTTP. */
  requestId: string | null;
}

/** Where domain code and stores read the current call's context without it being threaded through every method. */
export interface CallContextSource {
  current(): CallContext;
}

/** Bound to a loopback address without authentication, Cairn treats every caller as this single local admin. */
export const localAdmin: Caller = { userId: null, name: 'local', isAdmin: true };

/** Work Cairn starts itself (schedules, background jobs, the CLI on a database file). */
export const systemCaller: Caller = { userId: null, name: 'system', isAdmin: true };

/** The refusal of anything but calling its deployment to a scoped token; `action` says what was refused ("to read run 'abc'"). */
export function scopedTokenDenial(scope: DeploymentScope, action: string): CairnError {
  return new CairnError(
    'PERMISSION_DENIED',
    `this API token is scoped to deployment '${scope.deployment}': it may only call that deployment's inference routes (refused ${action})`,
  );
}
