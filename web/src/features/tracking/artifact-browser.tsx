import { useCallback, useEffect, useState } from 'react';
import { listArtifacts } from '../../api/mlflow-client.js';
import { errorMessage } from '../../api/api-error.js';
import type { ArtifactEntry, Run } from '../../api/tracking-model.js';
import { Spinner } from '../../components/status.js';
import { formatBytes } from '../../lib/format.js';
import { ArtifactPreview } from './artifact-preview.js';
import { RegisterModelAction } from '../registry/register-model.js';

type Listing = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; entries: ArtifactEntry[] };

/** A folder tree that lists each directory only when it is first opened. */
export function ArtifactBrowser({ run }: { run: Run }) {
  const [listings, setListings] = useState<Map<string, Listing>>(new Map());
  const [open, setOpen] = useState<Set<string>>(new Set(['']));
  const [selected, setSelected] = useState<ArtifactEntry | null>(null);
  // The last folder or file clicked: what "Register model" registers (a preview needs a file, this does not).
  const [picked, setPicked] = useState<ArtifactEntry | null>(null);

  const load = useCallback(
    (dir: string) => {
      setListings((m) => new Map(m).set(dir, { status: 'loading' }));
      listArtifacts(run, dir).then(
        (entries) => setListings((m) => new Map(m).set(dir, { status: 'ok', entries })),
        (error: unknown) => setListings((m) => new Map(m).set(dir, { status: 'error', message: errorMessage(error) })),
      );
    },
    [run],
  );

  useEffect(() => load(''), [load]);

  // Open the first file at once: most runs have one obvious artifact worth a look.
  const root = listings.get('');
  useEffect(() => {
    if (selected || root?.status !== 'ok') return;
    const firstFile = root.entries.find((e) => !e.isDir);
    if (firstFile) setSelected(firstFile);
  }, [root, selected]);

  const toggleDir = (entry: ArtifactEntry) => {
    const next = new Set(open);
    if (next.has(entry.path)) next.delete(entry.path);
    else {
      next.add(entry.path);
      if (!listings.has(entry.path)) load(entry.path);
    }
    setOpen(next);
  };

  const renderDir = (dir: string, depth: number) => {
    const listing = listings.get(dir);
    if (!listing || listing.status === 'loading') return <div className="tree-note" style={{ paddingLeft: depth * 14 + 8 }}>Loading…</div>;
    if (listing.status === 'error') return <div className="tree-note error-text" style={{ paddingLeft: depth * 14 + 8 }}>{listing.message}</div>;
    if (listing.entries.length === 0) return <div className="tree-note muted" style={{ paddingLeft: depth * 14 + 8 }}>{depth === 0 ? 'No artifacts.' : 'Empty folder'}</div>;
    return listing.entries.map((entry) => (
      <div key={entry.path}>
        <button
          type="button"
          className={`tree-item${(picked ?? selected)?.path === entry.path ? ' active' : ''}`}
          style={{ paddingLeft: depth * 14 + 8 }}
          onClick={() => {
            setPicked(entry);
            if (entry.isDir) toggleDir(entry);
            else setSelected(entry);
          }}
          aria-expanded={entry.isDir ? open.has(entry.path) : undefined}
        >
          <span className="tree-icon" aria-hidden="true">
            {entry.isDir ? (open.has(entry.path) ? '▾' : '▸') : '·'}
          </span>
          <span className={entry.isDir ? 'strong' : ''}>{entry.name}</span>
          {entry.isDir ? null : <span className="muted small tree-size">{formatBytes(entry.size)}</span>}
        </button>
        {entry.isDir && open.has(entry.path) ? renderDir(entry.path, depth + 1) : null}
      </div>
    ));
  };

  if (!root) return <Spinner label="Listing artifacts…" />;
  return (
    <>
      <RegisterModelAction run={run} picked={picked} />
      <div className="artifacts">
        <nav className="artifact-tree" aria-label="Artifacts">
          {renderDir('', 0)}
        </nav>
        <div className="artifact-view">
          {selected ? <ArtifactPreview run={run} entry={selected} /> : <div className="empty">Choose a file to preview it.</div>}
        </div>
      </div>
    </>
  );
}
