import { expect } from 'vitest';
import { CairnError, type ErrorCode } from '../../../src/domain/errors.js';

/** Runs `act`, expects a CairnError with `code`, and returns its message for the caller's assertions. */
export function refusal(act: () => unknown, code: ErrorCode = 'INVALID_ARGUMENT'): string {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe(code);
    return (error as CairnError).message;
  }
  throw new Error('expected a refusal, but the call succeeded');
}
