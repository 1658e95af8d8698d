import { expect } from 'vitest';
import { CairnError } from '../../../../src/domain/errors.js';

/** Asserts that `action` fails with INVALID_ARGUMENT and returns the message for further checks. */
export function invalidMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('INVALID_ARGUMENT');
    return (error as CairnError).message;
  }
  throw new Error('expected INVALID_ARGUMENT, but nothing was thrown');
}
