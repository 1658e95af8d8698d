import { CairnError, type ErrorCode } from '../domain/errors.js';

/** Which API family answered: the MLflow compatibility routes, the Open Inference Protocol (`/v2`, native statuses), or Cairn's own API. */
export type ApiSurface = 'mlflow' | 'oip' | 'native';

export interface ErrorMapping {
  code: ErrorCode;
  /** Status on Cairn's own routes (`/api/v1`, health, ...). */
  nativeStatus: number;
  /** Status on `/api/2.0/mlflow` and `/ajax-api/2.0/mlflow`. */
  mlflowStatus: number;
  /** `error_code` on the MLflow routes; the MLflow client rebuilds its exception from it. */
  mlflowErrorCode: string;
  description: string;
}

/**
 * The one table from domain error codes to HTTP. MLflow statuses deliberately avoid 409/429/5xx
 * for caller mistakes: the Python client retries 429 and 5xx for minutes, and expects duplicates as 400.
 */
export const errorMap: Readonly<Record<ErrorCode, ErrorMapping>> = {
  INVALID_ARGUMENT: {
    code: 'INVALID_ARGUMENT',
    nativeStatus: 400,
    mlflowStatus: 400,
    mlflowErrorCode: 'INVALID_PARAMETER_VALUE',
    description: 'The request is malformed or a value breaks a documented rule; the message names the field.',
  },
  NOT_FOUND: {
    code: 'NOT_FOUND',
    nativeStatus: 404,
    mlflowStatus: 404,
    mlflowErrorCode: 'RESOURCE_DOES_NOT_EXIST',
    description: 'The experiment, run or other entity named in the request does not exist.',
  },
  ALREADY_EXISTS: {
    code: 'ALREADY_EXISTS',
    nativeStatus: 409,
    mlflowStatus: 400,
    mlflowErrorCode: 'RESOURCE_ALREADY_EXISTS',
    description: 'An entity with the same unique name already exists (deleted ones included).',
  },
  INVALID_STATE: {
    code: 'INVALID_STATE',
    nativeStatus: 409,
    // MLflow's own table says 500, which makes its client retry; the code alone carries the meaning.
    mlflowStatus: 400,
    mlflowErrorCode: 'INVALID_STATE',
    description: 'The entity is in a state that forbids the operation (e.g. renaming a deleted experiment).',
  },
  LIMIT_EXCEEDED: {
    code: 'LIMIT_EXCEEDED',
    nativeStatus: 413,
    // MLflow reports its size and count limits as invalid parameters.
    mlflowStatus: 400,
    mlflowErrorCode: 'INVALID_PARAMETER_VALUE',
    description: 'The request exceeds a documented size or count limit (body size, batch size).',
  },
  UNAUTHENTICATED: {
    code: 'UNAUTHENTICATED',
    nativeStatus: 401,
    mlflowStatus: 401,
    mlflowErrorCode: 'UNAUTHENTICATED',
    description: 'No valid credentials were presented.',
  },
  PERMISSION_DENIED: {
    code: 'PERMISSION_DENIED',
    nativeStatus: 403,
    mlflowStatus: 403,
    mlflowErrorCode: 'PERMISSION_DENIED',
    description: 'The caller is authenticated but lacks the role the operation needs.',
  },
  INTERNAL: {
    code: 'INTERNAL',
    nativeStatus: 500,
    mlflowStatus: 500,
    mlflowErrorCode: 'INTERNAL_ERROR',
    description: 'An unexpected fault on the server; details are in the server log under the request id.',
  },
};

/** Errors raised by the HTTP framework itself (before a route runs), by Fastify error code. */
const frameworkErrors: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'LIMIT_EXCEEDED', message: 'Request body is larger than the limit for this endpoint' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'INVALID_ARGUMENT', message: 'Unsupported Content-Type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_ARGUMENT', message: 'Request body is empty but Content-Type is JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_ARGUMENT', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_ARGUMENT', message: 'Malformed JSON in request body' },
};

export interface HttpError {
  status: number;
  code: ErrorCode;
  /** Present on the MLflow surface. */
  mlflowErrorCode: string;
  message: string;
}

/** Turns any thrown value into the status and codes to answer with; unknown faults become INTERNAL. */
export function toHttpError(error: unknown, surface: ApiSurface): HttpError {
  const { code, message } = classify(error);
  const mapping = errorMap[code];
  return {
    status: surface === 'mlflow' ? mapping.mlflowStatus : mapping.nativeStatus,
    code,
    mlflowErrorCode: mapping.mlflowErrorCode,
    message,
  };
}

function classify(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof CairnError) return { code: error.code, message: error.message };
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; statusCode?: unknown; message?: unknown };
    const known = typeof e.code === 'string' ? frameworkErrors[e.code] : undefined;
    if (known) return known;
    if (error instanceof SyntaxError) return { code: 'INVALID_ARGUMENT', message: `Malformed JSON in request body: ${error.message}` };
    // Other client errors Fastify flags with a 4xx status (bad URL encoding, header problems).
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      return { code: 'INVALID_ARGUMENT', message: typeof e.message === 'string' ? e.message : 'Bad request' };
    }
  }
  return { code: 'INTERNAL', message: 'Internal server error' };
}

/** Error catalogue rows for `docs/errors.md`, generated from the table above. */
export function errorCatalogue(): ErrorMapping[] {
  return Object.values(errorMap);
}
