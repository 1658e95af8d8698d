import { CairnError } from '../../../src/domain/errors.js';

/** Awaits `work` and returns the CairnError it fails with; anything else (or success) fails the test. */
export async function refusal(work: () => Promise<unknown>): Promise<CairnError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof CairnError) return error;
    throw error;
  }
  throw new Error('expected a CairnError');
}
