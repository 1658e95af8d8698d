import type { Caller } from './caller.js';

/**
 * The user name a new run or model version records. With authentication on, that is the signed-in
 * caller whatever the request says (MLflow clients send the operating-system user, which anyone can
 * set), as MLflow's own server does with authentication. Without it, the implicit local admin and
 * Cairn's own work are nobody in particular, so the name the request gives is kept.
 */
export function recordedUserName(caller: Caller, given: string | undefined): string {
  return caller.userId !== null ? caller.name : (given ?? '');
}
