/** Options of every SDK entry point. */
export interface ClientOptions {
  /** Base URL of the Cairn server, e.g. `http://127.0.0.1:5000`. */
  url: string;
  /** API token, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** User name and password, sent as `Authorization: Basic ...` when there is no token. */
  username?: string;
  password?: string;
  /** Replaces the global `fetch` (proxies, instrumentation). */
  fetch?: typeof fetch;
}

/**
 * A failed API call. `code` is the server's stable error code (`NOT_FOUND`, `INVALID_ARGUMENT`, ...),
 * or `UNAVAILABLE` when the server could not be reached at all (then `status` is 0).
 * @example
 * try {
 *   await client.experiments.create('fraud-model');
 * } catch (error) {
 *   if (error instanceof CairnApiError && error.code === 'ALREADY_EXISTS') console.log('already there');
 *   else throw error;
 * }
 */
export class CairnApiError extends Error {
  override readonly name = 'CairnApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Raw body (an upload); sent as is instead of JSON. */
  raw?: { body: NonNullable<RequestInit['body']>; contentType: string };
}

/** The one place that talks HTTP: URLs, auth header, JSON, and turning error bodies into `CairnApiError`. */
export class Transport {
  readonly baseUrl: string;
  private readonly authorization: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.authorization = authorizationHeader(options);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Calls a native API route (`path` relative to `/api/v1`) and returns its JSON answer. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, `/api/v1${path}`, options);
    return (await response.json()) as T;
  }

  /** Like `json`, but returns the successful response itself, to stream its body. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, item);
      else url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (options.raw) {
      headers['content-type'] = options.raw.contentType;
      init.body = options.raw.body;
      // Node's fetch needs this to stream a request body.
      init.duplex = 'half';
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(url, init);
    } catch (error) {
      throw new CairnApiError('UNAVAILABLE', `Cannot reach Cairn at ${this.baseUrl}: ${networkReason(error)}`, 0);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }
}

/** A token wins over a user name and password. */
function authorizationHeader(options: ClientOptions): string | undefined {
  if (options.token !== undefined && options.token !== '') return `Bearer ${options.token}`;
  if (options.username !== undefined && options.password !== undefined) {
    return `Basic ${Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64')}`;
  }
  return undefined;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Understands the native error body, the MLflow one (artifact uploads go through MLflow's route) and plain text. */
async function toApiError(response: Response): Promise<CairnApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string }; error_code?: string; code?: string; message?: string };
    const code = body.error?.code ?? body.error_code ?? body.code;
    const message = body.error?.message ?? body.message;
    if (typeof code === 'string' && typeof message === 'string') return new CairnApiError(code, message, response.status);
  } catch {
    // Not JSON; fall through to the status line.
  }
  const detail = text.trim().slice(0, 200);
  return new CairnApiError(`HTTP_${response.status}`, `HTTP ${response.status} ${response.statusText}${detail ? `: ${detail}` : ''}`, response.status);
}
