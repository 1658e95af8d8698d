import { useEffect, type MouseEvent } from 'react';
import { artifactUrl } from '../../api/mlflow-client.js';
import { apiErrorFrom } from '../../api/api-error.js';
import { apiFetch, storedToken } from '../../api/http.js';
import type { ArtifactEntry, Run } from '../../api/tracking-model.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatBytes } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

const previewLimit = 512 * 1024;
const imageTypes = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'avif']);
const jsonTypes = new Set(['json', 'ipynb']);
const binaryTypes = new Set(['pkl', 'pickle', 'pt', 'pth', 'bin', 'onnx', 'h5', 'npy', 'npz', 'parquet', 'zip', 'gz', 'tar', 'whl', 'joblib', 'so']);

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Reads at most `previewLimit` bytes, so previewing a huge log never downloads all of it. */
async function fetchHead(url: string, signal: AbortSignal): Promise<{ text: string; truncated: boolean; binary: boolean }> {
  const response = await apiFetch(url, { signal });
  if (!response.ok) throw await apiErrorFrom(response);
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false, binary: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= previewLimit) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, previewLimit));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - offset);
    bytes.set(part, offset);
    offset += part.length;
  }
  const binary = bytes.subarray(0, 4096).includes(0);
  return { text: new TextDecoder().decode(bytes), truncated, binary };
}

function TextPreview({ url, json }: { url: string; json: boolean }) {
  const head = useAsync((signal) => fetchHead(url, signal), [url]);
  if (head.status === 'loading') return <Spinner label="Loading preview…" />;
  if (head.status === 'error') return <ErrorBox error={head.error} title="Could not load the file" />;
  const { text, truncated, binary } = head.data;
  if (binary) return <div className="empty">This looks like a binary file; download it to open it.</div>;
  let shown = text;
  let isJson = false;
  if (json && !truncated) {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
      isJson = true;
    } catch {
      // Not valid JSON after all: show it as text.
    }
  }
  return (
    <>
      {truncated ? <div className="muted small">Showing the first {formatBytes(previewLimit)}.</div> : null}
      <pre className={`preview-text${isJson ? ' json' : ''}`} data-testid="artifact-text">
        {shown}
      </pre>
    </>
  );
}

/** Fetched rather than linked, so the request carries the signed-in user's token. */
function ImagePreview({ url, alt }: { url: string; alt: string }) {
  const image = useAsync(async (signal) => {
    const response = await apiFetch(url, { signal });
    if (!response.ok) throw await apiErrorFrom(response);
    return URL.createObjectURL(await response.blob());
  }, [url]);
  useEffect(() => () => {
    if (image.status === 'ok') URL.revokeObjectURL(image.data);
  }, [image]);
  if (image.status === 'loading') return <Spinner label="Loading image…" />;
  if (image.status === 'error') return <ErrorBox error={image.error} title="Could not load the image" />;
  return <img className="preview-image" src={image.data} alt={alt} />;
}

/** A plain link cannot carry the Bearer token: when signed in, fetch the file and save it from memory instead. */
function downloadWithToken(event: MouseEvent<HTMLAnchorElement>, url: string, name: string): void {
  if (!storedToken()) return;
  event.preventDefault();
  void apiFetch(url).then(async (response) => {
    if (!response.ok) throw await apiErrorFrom(response);
    const objectUrl = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = objectUrl;
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
  }).catch((error: unknown) => window.alert(`Download failed: ${error instanceof Error ? error.message : String(error)}`));
}

export function ArtifactPreview({ run, entry }: { run: Run; entry: ArtifactEntry }) {
  const url = artifactUrl(run, entry.path);
  const ext = extension(entry.name);
  let body;
  if (imageTypes.has(ext)) body = <ImagePreview key={url} url={url} alt={entry.path} />;
  else if (binaryTypes.has(ext)) body = <div className="empty">No preview for .{ext} files.</div>;
  else body = <TextPreview key={url} url={url} json={jsonTypes.has(ext)} />;
  return (
    <div className="preview">
      <div className="preview-head">
        <span className="mono strong">{entry.path}</span>
        <span className="muted">{formatBytes(entry.size)}</span>
        <a href={url} download={entry.name} className="button-link" onClick={(e) => downloadWithToken(e, url, entry.name)}>
          Download
        </a>
      </div>
      {body}
    </div>
  );
}
