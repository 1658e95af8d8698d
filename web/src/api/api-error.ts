/** An API answer other than 2xx, carrying MLflow's error_code and message when the body had them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Reads an error body (native or MLflow JSON, or plain text) into an ApiError. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } };
    // The native API answers `{error: {code, message}}`; the MLflow routes `{error_code, message}`.
    if (body.error && typeof body.error.message === 'string') {
      return new ApiError(response.status, String(body.error.code ?? 'ERROR'), body.error.message);
    }
    if (typeof body.message === 'string') {
      return new ApiError(response.status, String(body.error_code ?? 'ERROR'), body.message);
    }
  } catch {
    // Not JSON: fall through to the plain-text message.
  }
  const message = text.trim().slice(0, 500) || `${response.status} ${response.statusText}`;
  return new ApiError(response.status, `HTTP_${response.status}`, message);
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
