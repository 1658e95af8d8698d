import { checkKinds, metricOptions, newAction, newCheck, severityOptions, type ActionDraft, type CheckDraft } from './monitor-draft.js';

function Options({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );
}

/** The checks of a monitor as editable rows: kind, what it looks at, its bounds and severity. */
export function CheckRows({ checks, onChange }: { checks: CheckDraft[]; onChange: (checks: CheckDraft[]) => void }) {
  const set = (i: number, change: Partial<CheckDraft>) => onChange(checks.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <fieldset className="spec-group">
      <legend>Checks</legend>
      {checks.length === 0 ? <span className="muted small">No checks: windows are profiled but never judged.</span> : null}
      {checks.map((c, i) => {
        const n = i + 1;
        return (
          <div className="spec-row" key={i} data-testid={`check-row-${n}`}>
            <select value={c.kind} onChange={(e) => set(i, { kind: e.target.value as CheckDraft['kind'] })} aria-label={`Kind of check ${n}`}>
              <Options values={checkKinds} />
            </select>
            {c.kind === 'feature_drift' ? <input value={c.feature} onChange={(e) => set(i, { feature: e.target.value })} placeholder="every feature" aria-label={`Feature of check ${n}`} /> : null}
            {c.kind === 'performance' ? (
              <>
                <select value={c.metric} onChange={(e) => set(i, { metric: e.target.value as CheckDraft['metric'] })} aria-label={`Metric of check ${n}`}>
                  <Options values={metricOptions} />
                </select>
                <span className="muted small">min</span>
                <input className="num" value={c.min} onChange={(e) => set(i, { min: e.target.value })} placeholder="min" aria-label={`Minimum of check ${n}`} />
                <span className="muted small">max</span>
                <input className="num" value={c.max} onChange={(e) => set(i, { max: e.target.value })} placeholder="max" aria-label={`Maximum of check ${n}`} />
                <span className="muted small">judged from</span>
                <input className="num" value={c.minLabelled} onChange={(e) => set(i, { minLabelled: e.target.value })} placeholder="1" aria-label={`Minimum labelled of check ${n}`} />
                <span className="muted small">labels</span>
              </>
            ) : null}
            <select value={c.severity} onChange={(e) => set(i, { severity: e.target.value as CheckDraft['severity'] })} aria-label={`Severity of check ${n}`}>
              <Options values={severityOptions} />
            </select>
            <button type="button" onClick={() => onChange(checks.filter((_, j) => j !== i))} aria-label={`Remove check ${n}`}>
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...checks, newCheck('feature_drift')])}>
        Add check
      </button>
    </fieldset>
  );
}

/** What happens when an alert of at least some severity opens. */
export function ActionRows({ actions, onChange }: { actions: ActionDraft[]; onChange: (actions: ActionDraft[]) => void }) {
  const set = (i: number, change: Partial<ActionDraft>) => onChange(actions.map((a, j) => (j === i ? { ...a, ...change } : a)));
  return (
    <fieldset className="spec-group">
      <legend>Actions</legend>
      {actions.length === 0 ? <span className="muted small">No actions: alerts are only recorded (and reach webhooks).</span> : null}
      {actions.map((a, i) => {
        const n = i + 1;
        return (
          <div className="spec-row" key={i}>
            <select value={a.kind} onChange={(e) => set(i, { kind: e.target.value as ActionDraft['kind'] })} aria-label={`Kind of action ${n}`}>
              <option value="retrain">request retraining</option>
              <option value="promote_challenger">request challenger promotion</option>
            </select>
            <label className="field">
              from severity
              <select value={a.minSeverity} onChange={(e) => set(i, { minSeverity: e.target.value as ActionDraft['minSeverity'] })} aria-label={`Minimum severity of action ${n}`}>
                <Options values={severityOptions} />
              </select>
            </label>
            {a.kind === 'promote_challenger' ? (
              <>
                <input value={a.challengerAlias} onChange={(e) => set(i, { challengerAlias: e.target.value })} placeholder="challenger alias" aria-label={`Challenger alias of action ${n}`} />
                <span className="muted small">to</span>
                <input value={a.alias} onChange={(e) => set(i, { alias: e.target.value })} placeholder="alias" aria-label={`Alias of action ${n}`} />
              </>
            ) : null}
            <button type="button" onClick={() => onChange(actions.filter((_, j) => j !== i))} aria-label={`Remove action ${n}`}>
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...actions, newAction()])}>
        Add action
      </button>
    </fieldset>
  );
}
