/**
 * Every failure a caller can act on carries one of these stable codes. The HTTP layer maps each
 * code to a status (and to MLflow's error code on the compatibility routes) in one table.
 */
export const errorCodes = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'INVALID_STATE',
  'LIMIT_EXCEEDED',
  'UNAUTHENTICATED',
  'PERMISSION_DENIED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export class CairnError extends Error {
  override readonly name = 'CairnError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string): CairnError => new CairnError('INVALID_ARGUMENT', message);
export const notFound = (message: string): CairnError => new CairnError('NOT_FOUND', message);
export const alreadyExists = (message: string): CairnError => new CairnError('ALREADY_EXISTS', message);
export const invalidState = (message: string): CairnError => new CairnError('INVALID_STATE', message);
export const limitExceeded = (message: string): CairnError => new CairnError('LIMIT_EXCEEDED', message);
