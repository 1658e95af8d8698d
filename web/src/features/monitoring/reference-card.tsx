import { useState } from 'react';
import { setReferenceFrom, uploadReference, type MonitorReference } from '../../api/monitoring-client.js';
import { formatTime } from '../../lib/format.js';
import { Refusal, useEdit } from '../registry/refusal.js';

const sourceText: Record<MonitorReference['source'], string> = {
  upload: 'uploaded file',
  lineage: 'training data (lineage)',
  predictions: 'earlier predictions',
};

/** `datetime-local` text (local time) as epoch ms, or null when empty or invalid. */
function localMs(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/**
 * What the monitor compares windows with, and (for deployers) the three ways to set it: a file
 * (CSV, Parquet, JSON lines), the training dataset of the served version, or a range of this
 * deployment's own predictions.
 */
export function ReferenceCard({ monitorId, reference, canManage, onChanged }: { monitorId: number; reference: MonitorReference | null; canManage: boolean; onChanged: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const edit = useEdit();
  const range = { from: localMs(from), to: localMs(to) };
  const set = async (action: () => Promise<unknown>) => {
    if (await edit.run(action)) onChanged();
  };

  return (
    <div className="card" data-testid="reference-card">
      <h2>Reference</h2>
      {reference ? (
        <div className="small" data-testid="reference-summary">
          <span className="strong">{reference.rows}</span> rows from {sourceText[reference.source]} <span className="mono">{reference.description}</span>, set{' '}
          {formatTime(reference.createdTime)} by {reference.createdBy}; columns: {reference.profile.columns.map((c) => c.name).join(', ') || 'none'}
        </div>
      ) : (
        <div className="empty small" data-testid="no-reference">
          No reference yet: drift checks cannot be judged until one is set.
        </div>
      )}
      {canManage ? (
        <div className="reference-actions top-gap">
          <div className="spec-row">
            <input type="file" accept=".csv,.parquet,.jsonl,.ndjson" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-label="Reference file" />
            <button type="button" disabled={!file || edit.busy} onClick={() => file && void set(() => uploadReference(monitorId, file))}>
              Upload reference
            </button>
            <span className="muted small">CSV, Parquet or JSON lines, one column per feature.</span>
          </div>
          <div className="spec-row">
            <button type="button" disabled={edit.busy} onClick={() => void set(() => setReferenceFrom(monitorId, { source: 'lineage' }))}>
              Use training data
            </button>
            <span className="muted small">or predictions from</span>
            <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} aria-label="Reference predictions from" />
            <span className="muted small">to</span>
            <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} aria-label="Reference predictions to" />
            <button
              type="button"
              disabled={edit.busy || range.from === null || range.to === null}
              onClick={() => range.from !== null && range.to !== null && void set(() => setReferenceFrom(monitorId, { source: 'predictions', from: range.from as number, to: range.to as number }))}
            >
              Use these predictions
            </button>
          </div>
          <Refusal error={edit.error} />
        </div>
      ) : null}
    </div>
  );
}
