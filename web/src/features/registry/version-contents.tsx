import { useState } from 'react';
import { getVersionContents, type ModelFile, type TensorSpec, type VersionContents } from '../../api/registry-native-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatBytes } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

/** `onnx`, or `mlflow` with its flavours in the order the MLmodel file lists them. */
export function FormatBadge({ format, flavors }: { format: string; flavors: string[] }) {
  return (
    <span className="format" data-testid="version-format">
      <span className={`badge format-${format}`}>{format}</span>
      {flavors.length > 0 ? <span className="muted small"> {flavors.join(', ')}</span> : null}
    </span>
  );
}

function shapeText(shape: number[] | null): string {
  if (shape === null) return 'unknown rank';
  return `[${shape.map((d) => (d === -1 ? '?' : String(d))).join(', ')}]`;
}

function TensorTable({ label, specs }: { label: string; specs: TensorSpec[] }) {
  return (
    <table className="data-table kv signature" aria-label={label}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Datatype</th>
          <th>Shape</th>
        </tr>
      </thead>
      <tbody>
        {specs.length === 0 ? (
          <tr>
            <td colSpan={3} className="muted">
              none
            </td>
          </tr>
        ) : (
          specs.map((spec) => (
            <tr key={spec.name}>
              <td className="mono">{spec.name}</td>
              <td className="mono">{spec.datatype}</td>
              <td className="mono" title={spec.shape === null ? undefined : '? is a dimension of any size (e.g. the batch)'}>
                {shapeText(spec.shape)}
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function CopyDigest({ file }: { file: ModelFile }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(file.sha256);
      setState('copied');
    } catch {
      // No clipboard (an insecure origin, a denied permission): the full digest stays in the tooltip.
      setState('failed');
    }
  };
  return (
    <span className="digest">
      <span className="mono" title={file.sha256} data-testid="file-digest">
        {file.sha256.slice(0, 12)}
      </span>
      <button className="link-button small" onClick={() => void copy()} aria-label={`Copy sha256 of ${file.path}`}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      </button>
    </span>
  );
}

function FilesTable({ files }: { files: ModelFile[] }) {
  if (files.length === 0) return <div className="muted small">No files recorded (the source lies outside Cairn's artifact store).</div>;
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return (
    <table className="data-table kv files" aria-label="version files">
      <thead>
        <tr>
          <th>Path</th>
          <th className="right">Size</th>
          <th>sha256</th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.path}>
            <td className="mono wrap">{file.path}</td>
            <td className="right nowrap">{formatBytes(file.size)}</td>
            <td>
              <CopyDigest file={file} />
            </td>
          </tr>
        ))}
      </tbody>
      {files.length > 1 ? (
        <tfoot>
          <tr>
            <td className="muted">{files.length} files</td>
            <td className="right nowrap muted">{formatBytes(total)}</td>
            <td />
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

export function ContentsView({ contents }: { contents: VersionContents }) {
  return (
    <div className="version-contents">
      <div>
        <h3>Format</h3>
        <FormatBadge format={contents.format} flavors={contents.flavors} />
      </div>
      <div>
        <h3>Signature</h3>
        {contents.signature ? (
          <div className="signature-tables">
            <div>
              <div className="muted small">Inputs</div>
              <TensorTable label="signature inputs" specs={contents.signature.inputs} />
            </div>
            <div>
              <div className="muted small">Outputs</div>
              <TensorTable label="signature outputs" specs={contents.signature.outputs} />
            </div>
          </div>
        ) : (
          <div className="muted small">Unknown: no signature could be read from the model's files.</div>
        )}
      </div>
      <div>
        <h3>Files</h3>
        <FilesTable files={contents.files} />
      </div>
    </div>
  );
}

/** A version's format, signature and files, loaded when the panel opens. */
export function VersionContentsPanel({ model, version }: { model: string; version: number }) {
  const contents = useAsync((signal) => getVersionContents(model, version, signal), [model, version]);
  if (contents.status === 'loading') return <Spinner label="Loading files…" />;
  if (contents.status === 'error') return <ErrorBox error={contents.error} title={`Could not load version ${version}'s files`} />;
  return <ContentsView contents={contents.data} />;
}
