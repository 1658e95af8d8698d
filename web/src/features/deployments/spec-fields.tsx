import type { SpecDraft } from './spec-draft.js';
import { ShadowEditor, TrafficEditor } from './traffic-editor.js';

type Change = (next: SpecDraft) => void;

/** Batching, prediction logging and sticky routing: the settings beside the traffic. */
function SettingsEditor({ draft, onChange }: { draft: SpecDraft; onChange: Change }) {
  const set = (field: 'maxBatchSize' | 'maxWaitMs' | 'sampleRate' | 'retentionDays', value: string) => onChange({ ...draft, [field]: value });
  return (
    <fieldset className="spec-group" aria-label="Settings">
      <legend>Batching, logging and routing</legend>
      <div className="spec-row">
        <label className="field">
          Max batch size
          <input type="number" min={1} value={draft.maxBatchSize} onChange={(e) => set('maxBatchSize', e.target.value)} className="num" />
        </label>
        <label className="field">
          Max wait (ms)
          <input type="number" min={0} value={draft.maxWaitMs} onChange={(e) => set('maxWaitMs', e.target.value)} className="num" />
        </label>
        <label className="field">
          Log sample rate (0–1)
          <input type="number" min={0} max={1} step={0.01} value={draft.sampleRate} onChange={(e) => set('sampleRate', e.target.value)} className="num" />
        </label>
        <label className="field">
          Retention (days)
          <input type="number" min={1} value={draft.retentionDays} onChange={(e) => set('retentionDays', e.target.value)} className="num" />
        </label>
      </div>
      <div className="spec-row">
        <label className="check-label">
          <input type="checkbox" checked={draft.sticky !== null} onChange={(e) => onChange({ ...draft, sticky: e.target.checked ? { source: 'header', name: '' } : null })} />
          Sticky routing
        </label>
        {draft.sticky ? (
          <>
            <select value={draft.sticky.source} onChange={(e) => onChange({ ...draft, sticky: { name: draft.sticky?.name ?? '', source: e.target.value === 'input' ? 'input' : 'header' } })} aria-label="Sticky key source">
              <option value="header">request header</option>
              <option value="input">input field</option>
            </select>
            <input value={draft.sticky.name} onChange={(e) => onChange({ ...draft, sticky: { source: draft.sticky?.source ?? 'header', name: e.target.value } })} placeholder={draft.sticky.source === 'header' ? 'x-user-id' : 'customer_id'} aria-label="Sticky key name" />
            <span className="muted small">Requests with the same key go to the same version.</span>
          </>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Every part of a spec: traffic, shadows, settings. */
export function SpecFields({ draft, onChange, models }: { draft: SpecDraft; onChange: Change; models: string[] }) {
  return (
    <>
      <TrafficEditor draft={draft} onChange={onChange} models={models} />
      <ShadowEditor draft={draft} onChange={onChange} />
      <SettingsEditor draft={draft} onChange={onChange} />
    </>
  );
}
