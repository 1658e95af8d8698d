import { useState, type FormEvent } from 'react';
import { createMonitor, updateMonitor, type Monitor } from '../../api/monitoring-client.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import '../deployments/deployments.css';
import { ActionRows, CheckRows } from './check-rows.js';
import { draftOf, driftMethods, emptyMonitorDraft, specOf, type MonitorDraft } from './monitor-draft.js';

/**
 * Creates a monitor on a deployment, or edits one (the whole spec is sent with PUT; the server
 * validates it and its refusal shows next to the button).
 */
export function MonitorForm({ deployment, monitor, onSaved, onCancel }: { deployment: string; monitor: Monitor | null; onSaved: (m: Monitor) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<MonitorDraft>(() => (monitor ? draftOf(monitor) : emptyMonitorDraft()));
  const edit = useEdit();
  const set = (change: Partial<MonitorDraft>) => setDraft((d) => ({ ...d, ...change }));
  const built = specOf(draft);
  const label = monitor ? 'Edit monitor' : 'New monitor';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!('spec' in built)) return;
    let saved: Monitor | null = null;
    const ok = await edit.run(async () => {
      saved = monitor ? await updateMonitor(monitor.id, built.spec) : await createMonitor(deployment, built.spec);
    });
    if (ok && saved) onSaved(saved);
  };

  return (
    <form className="card spec-form" aria-label={label} onSubmit={(e) => void submit(e)}>
      <h2>{monitor ? `Edit monitor ${monitor.name}` : 'New monitor'}</h2>
      <div className="spec-row">
        <label className="field">
          Name
          <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="input-drift" aria-label="Monitor name" />
        </label>
        <label className="field">
          Schedule (cron, UTC)
          <input value={draft.schedule} onChange={(e) => set({ schedule: e.target.value })} aria-label="Monitor schedule" />
        </label>
        <label className="field">
          <span>
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} aria-label="Monitor enabled" /> enabled
          </span>
        </label>
      </div>
      <fieldset className="spec-group">
        <legend>Window</legend>
        <div className="spec-row">
          <select value={draft.windowKind} onChange={(e) => set({ windowKind: e.target.value as MonitorDraft['windowKind'] })} aria-label="Window kind">
            <option value="time">by time (minutes)</option>
            <option value="count">by count (predictions)</option>
          </select>
          <input className="num" value={draft.windowSize} onChange={(e) => set({ windowSize: e.target.value })} aria-label="Window size" />
          <span className="muted small">{draft.windowKind === 'time' ? 'minutes, aligned to the epoch' : 'consecutive predictions'}</span>
        </div>
      </fieldset>
      <fieldset className="spec-group">
        <legend>Data</legend>
        <input className="grow wide-input" value={draft.features} onChange={(e) => set({ features: e.target.value })} placeholder="Feature names, comma-separated (default: input[0], input[1], …)" aria-label="Feature names" />
        <div className="spec-row">
          <label className="field">
            Task
            <select value={draft.taskKind} onChange={(e) => set({ taskKind: e.target.value as MonitorDraft['taskKind'] })} aria-label="Task">
              <option value="none">none (drift only)</option>
              <option value="classification">classification</option>
              <option value="regression">regression</option>
            </select>
          </label>
          {draft.taskKind !== 'none' ? (
            <label className="field">
              Prediction output
              <input value={draft.predictionOutput} onChange={(e) => set({ predictionOutput: e.target.value })} placeholder="first output" aria-label="Prediction output" />
            </label>
          ) : null}
          {draft.taskKind === 'classification' ? (
            <>
              <label className="field">
                Probability output
                <input value={draft.probabilityOutput} onChange={(e) => set({ probabilityOutput: e.target.value })} aria-label="Probability output" />
              </label>
              <label className="field">
                Positive label
                <input value={draft.positiveLabel} onChange={(e) => set({ positiveLabel: e.target.value })} aria-label="Positive label" />
              </label>
            </>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="spec-group">
        <legend>Drift</legend>
        <div className="spec-row">
          <select value={draft.driftMethod} onChange={(e) => set({ driftMethod: e.target.value as MonitorDraft['driftMethod'] })} aria-label="Drift method">
            <option value="">default per column</option>
            {driftMethods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <input className="num" value={draft.driftThreshold} onChange={(e) => set({ driftThreshold: e.target.value })} placeholder="threshold" aria-label="Drift threshold" />
          <input className="num" value={draft.driftShare} onChange={(e) => set({ driftShare: e.target.value })} placeholder="share 0.5" aria-label="Drift share" />
          {Object.keys(draft.keptDrift).length > 0 ? <span className="muted small">Per-column choices set through the API are kept.</span> : null}
        </div>
      </fieldset>
      <CheckRows checks={draft.checks} onChange={(checks) => set({ checks })} />
      <ActionRows actions={draft.actions} onChange={(actions) => set({ actions })} />
      <div className="spec-row">
        <button className="primary" type="submit" disabled={edit.busy || !('spec' in built)}>
          {edit.busy ? 'Saving…' : monitor ? 'Save monitor' : 'Create monitor'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {'problem' in built ? <span className="muted small">{built.problem}</span> : null}
        <Refusal error={edit.error} />
      </div>
    </form>
  );
}
