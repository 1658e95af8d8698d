import { invalidArgument } from '../errors.js';

/**
 * Artifact paths are keys of the artifact index, relative to the artifact root, `/`-separated, for
 * example `3/<run id>/artifacts/model/MLmodel`. They never reach a file system (blobs are stored by
 * hash), but they are shown, downloaded to clients' disks and used as prefixes, so only canonical
 * relative paths are accepted.
 */
export const artifactPathLimits = {
  /** UTF-8 bytes: keeps the primary-key index entry well inside Postgres' B-tree row limit. */
  maxPathBytes: 1024,
  /** UTF-8 bytes per segment, as common file systems allow for one file name. */
  maxSegmentBytes: 255,
} as const;

const encoder = new TextEncoder();

/**
 * Checks a path that names a file or folder. `''` (the root) is accepted only when `allowRoot` is set.
 * The path arrives already URL-decoded once; what is left must not decode any further into a
 * separator or a dot (`%2f`, `%5c`, `%2e`, `%00`), as double-encoding tricks would otherwise slip
 * through to clients that decode again.
 */
export function checkArtifactPath(path: string, options: { allowRoot?: boolean } = {}): string {
  if (path === '') {
    if (options.allowRoot) return path;
    throw invalidArgument('artifact path must not be empty');
  }
  const reject = (why: string): never => {
    throw invalidArgument(`invalid artifact path ${JSON.stringify(path.slice(0, 200))}: ${why}`);
  };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) reject('control characters (NUL, newline...) are not allowed');
  if (path.includes('\\')) reject('backslashes are not allowed; use /');
  if (path.startsWith('/')) reject('absolute paths are not allowed');
  if (/^[A-Za-z]:/.test(path)) reject('drive letters are not allowed');
  if (/%(2f|5c|2e|00)/i.test(path)) reject('encoded separators or dots (%2f, %5c, %2e, %00) are not allowed');
  if (encoder.encode(path).byteLength > artifactPathLimits.maxPathBytes) reject(`longer than ${artifactPathLimits.maxPathBytes} bytes`);
  for (const segment of path.split('/')) {
    if (segment === '') reject('empty segments (a//b, a trailing /) are not allowed');
    if (segment === '.' || segment === '..') reject(`'${segment}' segments are not allowed`);
    if (encoder.encode(segment).byteLength > artifactPathLimits.maxSegmentBytes) {
      reject(`a segment is longer than ${artifactPathLimits.maxSegmentBytes} bytes`);
    }
  }
  return path;
}

/**
 * A path taken from a URL, still percent-encoded: decoded once, then checked. An encoded separator
 * (`%2f`, `%5c`) is refused before decoding, so `..%2f..%2fetc` or `a%2fb` never pose as other
 * segments; clients that mean `/` send `/`.
 */
export function artifactPathFromUrl(encoded: string): string {
  if (/%(2f|5c)/i.test(encoded)) {
    throw invalidArgument(`invalid artifact path ${JSON.stringify(encoded.slice(0, 200))}: encoded separators (%2f, %5c) are not allowed`);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw invalidArgument(`invalid artifact path ${JSON.stringify(encoded.slice(0, 200))}: malformed percent-encoding`);
  }
  return checkArtifactPath(decoded);
}

/** `a/b` + `c/d` -> `a/b/c/d`; either side may be the root `''`. */
export function joinArtifactPath(base: string, relative: string): string {
  if (base === '') return relative;
  if (relative === '') return base;
  return `${base}/${relative}`;
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The index path behind an artifact URI this server hands out: `mlflow-artifacts:/3/<run>/artifacts`
 * (with or without an authority, `mlflow-artifacts://host:port/...`) or its proxied HTTP form
 * `http(s)://host/api/2.0/mlflow-artifacts/artifacts/...`. Undefined for any other URI (an experiment
 * created with its own `s3://` location, say), whose artifacts this server does not hold.
 */
export function artifactRootOfUri(uri: string): string | undefined {
  let rest: string | undefined;
  const scheme = /^mlflow-artifacts:(.*)$/.exec(uri);
  if (scheme) {
    rest = scheme[1] ?? '';
    if (rest.startsWith('//')) rest = rest.slice(2).replace(/^[^/]*/, '');
  } else {
    const http = /^https?:\/\/[^/]+\/api\/2\.0\/mlflow-artifacts\/artifacts(\/.*)?$/.exec(uri);
    if (!http) return undefined;
    rest = http[1] ?? '';
  }
  const path = rest.replace(/^\/+|\/+$/g, '');
  return checkArtifactPath(path, { allowRoot: true });
}
