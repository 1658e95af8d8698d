import { AsyncLocalStorage } from 'node:async_hooks';
import { systemCaller, type CallContext, type CallContextSource } from '../domain/access/caller.js';

/**
 * Carries each call's context (caller, request id) through its async work, so services and stores
 * learn who is acting without an extra parameter on every method. Outside any call (startup,
 * background work) the caller is Cairn itself.
 */
export class AsyncCallContext implements CallContextSource {
  private readonly storage = new AsyncLocalStorage<CallContext>();
  private readonly outside: CallContext = { caller: systemCaller, requestId: null };

  current(): CallContext {
    return this.storage.getStore() ?? this.outside;
  }

  /** Runs `work` (and everything it starts) with `context` as the current one. */
  run<T>(context: CallContext, work: () => T): T {
    return this.storage.run(context, work);
  }
}
