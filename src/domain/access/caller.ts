/** Who is making a call: a signed-in user, the implicit local admin, or Cairn itself. */
export interface Caller {
  /** Internal user id; null for the implicit local admin and for Cairn's own background work. */
  userId: number | null;
  /** Login name, recorded as the actor of audit events. */
  name: string;
  /** Installation-wide admin: every project, and the management of users. */
  isAdmin: boolean;
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
