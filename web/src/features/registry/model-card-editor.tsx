import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { riskTiers } from '../../api/governance-client.js';
import { fillCardEvaluation, getModelCard, putModelCard, type CardFields, type ModelCardView } from '../../api/model-card-client.js';
import type { ModelVersion } from '../../api/registry-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatNumber, formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { RiskTierBadge } from '../governance/promotion-evidence.js';

const textFields: { key: Exclude<keyof CardFields, 'riskTier'>; label: string; rows: number }[] = [
  { key: 'owner', label: 'Owner', rows: 1 },
  { key: 'intendedUse', label: 'Intended use', rows: 3 },
  { key: 'limitations', label: 'Limitations', rows: 3 },
  { key: 'trainingData', label: 'Training data', rows: 3 },
  { key: 'fairnessNotes', label: 'Fairness notes', rows: 2 },
  { key: 'riskRationale', label: 'Risk rationale', rows: 2 },
];

const fieldLabels: Record<string, string> = { riskTier: 'Risk tier', evaluation: 'Evaluation', ...Object.fromEntries(textFields.map((f) => [f.key, f.label])) };

function fieldsOf(view: ModelCardView): CardFields {
  const { owner, intendedUse, limitations, trainingData, fairnessNotes, riskTier, riskRationale } = view.card;
  return { owner, intendedUse, limitations, trainingData, fairnessNotes, riskTier, riskRationale };
}

function Completeness({ view }: { view: ModelCardView }) {
  const { complete, missing, required } = view.completeness;
  return (
    <span data-testid="card-completeness" className="small">
      {complete ? <span className="badge check-pass">complete</span> : <span className="badge check-fail">incomplete</span>}{' '}
      <span className="muted">
        {required.length - missing.length} of {required.length} required fields
        {missing.length > 0 ? ` · missing ${missing.map((m) => fieldLabels[m] ?? m).join(', ')}` : ''}
      </span>
    </span>
  );
}

function CardForm({ initial, onSave, onCancel }: { initial: CardFields; onSave: (f: CardFields) => Promise<void>; onCancel: () => void }) {
  const [fields, setFields] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSave(fields);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <form className="card-form" aria-label="Edit model card" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="field">
        Risk tier
        <select value={fields.riskTier ?? ''} onChange={(e) => setFields({ ...fields, riskTier: e.target.value || null })}>
          <option value="">not assessed</option>
          {riskTiers.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {textFields.map((f) => (
        <label key={f.key} className="field">
          {f.label}
          {f.rows === 1 ? (
            <input value={fields[f.key]} onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })} />
          ) : (
            <textarea rows={f.rows} value={fields[f.key]} onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })} />
          )}
        </label>
      ))}
      <div className="inline-form">
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save card'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {error ? <span className="inline-error" role="alert">{error}</span> : null}
      </div>
    </form>
  );
}

function Evaluation({ view, versions, onFilled }: { view: ModelCardView; versions: ModelVersion[]; onFilled: (v: ModelCardView) => void }) {
  const evaluation = view.card.evaluation;
  const [version, setVersion] = useState(String(evaluation?.version ?? versions[0]?.version ?? ''));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fill = async () => {
    setBusy(true);
    setError(null);
    try {
      onFilled(await fillCardEvaluation(view.card.name, Number(version)));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card-evaluation">
      <h3>Evaluation</h3>
      {evaluation ? (
        <>
          <div className="muted small">
            From version {evaluation.version} (run <span className="mono">{evaluation.runId.slice(0, 12)}</span>), filled {formatTime(evaluation.filledTime)}
          </div>
          <table className="data-table kv" aria-label="card evaluation">
            <tbody>
              {evaluation.metrics.map((m) => (
                <tr key={m.key}>
                  <th className="mono">{m.key}</th>
                  <td className="mono">{typeof m.value === 'number' ? formatNumber(m.value) : m.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <div className="muted small">No evaluation summary yet.</div>
      )}
      {versions.length > 0 ? (
        <div className="inline-form">
          <select value={version} onChange={(e) => setVersion(e.target.value)} aria-label="Version for evaluation">
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                Version {v.version}
              </option>
            ))}
          </select>
          <button onClick={() => void fill()} disabled={busy || !version}>
            {busy ? 'Filling…' : 'Fill evaluation from version'}
          </button>
          {error ? <span className="inline-error" role="alert">{error}</span> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The model card: what the model is for and how risky it is, which a promotion quotes as evidence. */
export function ModelCardEditor({ name, versions }: { name: string; versions: ModelVersion[] }) {
  const loaded = useAsync((signal) => getModelCard(name, signal), [name]);
  const [view, setView] = useState<ModelCardView | null>(null);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (loaded.status === 'ok') setView(loaded.data);
  }, [loaded]);

  if (loaded.status === 'loading' || (loaded.status === 'ok' && !view)) return <Spinner label="Loading model card…" />;
  if (loaded.status === 'error' || !view) return <ErrorBox error={loaded.error} title="Could not load the model card" />;
  const card = view.card;

  return (
    <div className="card model-card" data-testid="model-card">
      <div className="card-head">
        <RiskTierBadge tier={card.riskTier} />
        <Completeness view={view} />
        <span className="grow" />
        {card.updatedTime !== null ? (
          <span className="muted small">
            updated {formatTime(card.updatedTime)}
            {card.updatedBy ? ` by ${card.updatedBy}` : ''}
          </span>
        ) : null}
        {editing ? null : <button onClick={() => setEditing(true)}>Edit card</button>}
      </div>
      {editing ? (
        <CardForm
          initial={fieldsOf(view)}
          onCancel={() => setEditing(false)}
          onSave={async (fields) => {
            setView(await putModelCard(name, fields));
            setEditing(false);
          }}
        />
      ) : (
        <dl className="info-grid card-fields">
          {textFields.map((f) => (
            <div key={f.key} className={f.rows > 1 ? 'wide' : ''}>
              <dt>{f.label}</dt>
              <dd className="wrap">{card[f.key] || <span className="muted">—</span>}</dd>
            </div>
          ))}
        </dl>
      )}
      <Evaluation view={view} versions={versions} onFilled={setView} />
    </div>
  );
}
