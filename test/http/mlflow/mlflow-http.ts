/** A tiny client for the MLflow routes, speaking the wire format the Python client uses. */
export interface MlflowResponse {
  status: number;
  /** Parsed JSON (or the raw text when the body is not JSON); loosely typed for assertions. */
  body: any;
}

export interface MlflowHttp {
  get(path: string, query?: Record<string, string | number | readonly (string | number)[]>): Promise<MlflowResponse>;
  post(path: string, body?: unknown): Promise<MlflowResponse>;
  /** Sends `body` exactly as given (for malformed JSON and odd content types). */
  raw(method: string, path: string, body: string | undefined, headers?: Record<string, string>): Promise<MlflowResponse>;
}

export function mlflowHttp(baseUrl: string, prefix = '/api/2.0/mlflow'): MlflowHttp {
  const raw = async (method: string, path: string, body: string | undefined, headers: Record<string, string> = {}): Promise<MlflowResponse> => {
    const response = await fetch(`${baseUrl}${prefix}/${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Left as text; a test asserting on JSON will fail with the raw body in its message.
    }
    return { status: response.status, body: parsed };
  };
  return {
    raw,
    get(path, query = {}) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
      }
      const qs = params.toString();
      return raw('GET', qs ? `${path}?${qs}` : path, undefined);
    },
    post(path, body = {}) {
      return raw('POST', path, JSON.stringify(body), { 'content-type': 'application/json' });
    },
  };
}
