import { seriesColors } from '../../lib/format.js';
import { weightTotal, type SpecDraft } from './spec-draft.js';
import './deployments.css';

type Change = (next: SpecDraft) => void;

/** The traffic split as a bar: one segment per version, as wide as its weight. */
export function SplitBar({ parts }: { parts: { label: string; weight: number }[] }) {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.weight), 0);
  return (
    <div className="split-bar" role="img" aria-label={`traffic split ${parts.map((p) => `${p.label} ${p.weight}%`).join(', ')}`} data-testid="split-bar">
      {parts.map((p, i) =>
        p.weight > 0 ? (
          <div key={i} className="split-part" style={{ flexGrow: p.weight, background: seriesColors[i % seriesColors.length] }} title={`${p.label}: ${p.weight}%`}>
            {p.label} {p.weight}%
          </div>
        ) : null,
      )}
      {total < 100 ? <div className="split-part split-missing" style={{ flexGrow: 100 - total }} title="Unassigned" /> : null}
    </div>
  );
}

/** Fixed versions with weights (a canary), or an alias to follow; `models` feeds the model-name suggestions. */
export function TrafficEditor({ draft, onChange, models }: { draft: SpecDraft; onChange: Change; models: string[] }) {
  const setRow = (i: number, field: 'model' | 'version' | 'weight', value: string) =>
    onChange({ ...draft, versions: draft.versions.map((v, j) => (j === i ? { ...v, [field]: value } : v)) });
  const addRow = () => {
    const last = draft.versions[draft.versions.length - 1];
    const next = { model: last?.model ?? draft.alias.model, version: last ? String(Number(last.version) + 1) : '1', weight: '0' };
    onChange({ ...draft, versions: [...draft.versions, next] });
  };
  const total = weightTotal(draft);

  return (
    <fieldset className="spec-group" aria-label="Traffic">
      <legend>Traffic</legend>
      <div className="segmented" role="radiogroup" aria-label="Traffic mode">
        <button type="button" role="radio" aria-checked={draft.mode === 'versions'} className={draft.mode === 'versions' ? 'on' : ''} onClick={() => onChange({ ...draft, mode: 'versions' })}>
          Versions with weights
        </button>
        <button type="button" role="radio" aria-checked={draft.mode === 'alias'} className={draft.mode === 'alias' ? 'on' : ''} onClick={() => onChange({ ...draft, mode: 'alias' })}>
          Follow an alias
        </button>
      </div>
      <datalist id="deployment-models">
        {models.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
      {draft.mode === 'alias' ? (
        <div className="spec-row">
          <input value={draft.alias.model} onChange={(e) => onChange({ ...draft, alias: { ...draft.alias, model: e.target.value } })} list="deployment-models" placeholder="model" aria-label="Alias model" />
          <span>@</span>
          <input value={draft.alias.alias} onChange={(e) => onChange({ ...draft, alias: { ...draft.alias, alias: e.target.value } })} placeholder="production" aria-label="Alias name" size={14} />
          <span className="muted small">Serves whatever version the alias names; a promotion moves it without a new revision.</span>
        </div>
      ) : (
        <>
          <table className="spec-table" aria-label="Traffic versions">
            <thead>
              <tr>
                <th>Model</th>
                <th>Version</th>
                <th>Weight %</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.versions.map((v, i) => (
                <tr key={i}>
                  <td>
                    <input value={v.model} onChange={(e) => setRow(i, 'model', e.target.value)} list="deployment-models" aria-label={`Model of traffic row ${i + 1}`} />
                  </td>
                  <td>
                    <input type="number" min={1} value={v.version} onChange={(e) => setRow(i, 'version', e.target.value)} aria-label={`Version of traffic row ${i + 1}`} className="num" />
                  </td>
                  <td>
                    <input type="number" min={0} max={100} value={v.weight} onChange={(e) => setRow(i, 'weight', e.target.value)} aria-label={`Weight of traffic row ${i + 1}`} className="num" />
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onChange({ ...draft, versions: draft.versions.filter((_, j) => j !== i) })} disabled={draft.versions.length === 1} aria-label={`Remove traffic row ${i + 1}`}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="spec-row">
            <button type="button" onClick={addRow}>
              Add version
            </button>
            <span className={total === 100 ? 'muted small' : 'inline-error'} data-testid="weight-total">
              Total {total}%
            </span>
          </div>
          <SplitBar parts={draft.versions.map((v) => ({ label: `${v.model}:${v.version}`, weight: Number(v.weight) || 0 }))} />
        </>
      )}
    </fieldset>
  );
}

/** Versions that get a copy of every request; their answers are logged, never returned. */
export function ShadowEditor({ draft, onChange }: { draft: SpecDraft; onChange: Change }) {
  const setRow = (i: number, field: 'model' | 'version', value: string) =>
    onChange({ ...draft, shadows: draft.shadows.map((s, j) => (j === i ? { ...s, [field]: value } : s)) });
  const model = draft.versions[0]?.model ?? draft.alias.model;
  return (
    <fieldset className="spec-group" aria-label="Shadows">
      <legend>Shadows</legend>
      {draft.shadows.length === 0 ? <div className="muted small">No shadow versions.</div> : null}
      {draft.shadows.map((s, i) => (
        <div className="spec-row" key={i}>
          <input value={s.model} onChange={(e) => setRow(i, 'model', e.target.value)} list="deployment-models" aria-label={`Model of shadow ${i + 1}`} />
          <input type="number" min={1} value={s.version} onChange={(e) => setRow(i, 'version', e.target.value)} aria-label={`Version of shadow ${i + 1}`} className="num" />
          <button type="button" className="link-button" onClick={() => onChange({ ...draft, shadows: draft.shadows.filter((_, j) => j !== i) })} aria-label={`Remove shadow ${i + 1}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange({ ...draft, shadows: [...draft.shadows, { model, version: '1' }] })}>
        Add shadow
      </button>
    </fieldset>
  );
}
