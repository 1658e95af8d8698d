/** Media types by file extension, for the artifacts people log most. Unknown ones are plain bytes. */
const byExtension: Readonly<Record<string, string>> = {
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tsv: 'text/tab-separated-values; charset=utf-8',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  toml: 'application/toml',
  xml: 'application/xml',
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  py: 'text/x-python; charset=utf-8',
  ts: 'text/plain; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  sh: 'text/x-shellscript; charset=utf-8',
  ipynb: 'application/x-ipynb+json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  parquet: 'application/vnd.apache.parquet',
  onnx: 'application/octet-stream',
  pkl: 'application/octet-stream',
};

/** MLflow's extension-less text files (model metadata, project files, requirements lock files). */
const textNames = new Set(['MLmodel', 'MLproject', 'Dockerfile', 'LICENSE', 'README']);

export function guessContentType(fileName: string): string {
  if (textNames.has(fileName)) return 'text/plain; charset=utf-8';
  const dot = fileName.lastIndexOf('.');
  if (dot <= 0) return 'application/octet-stream';
  return byExtension[fileName.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 8187). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
