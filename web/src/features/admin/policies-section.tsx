import { useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { listPolicies, policyChecks, policyTiers, putPolicy, resetPolicy, type Policy, type PolicyRules } from '../../api/governance-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

const checkHelp: Record<string, string> = {
  card_complete: 'model card complete',
  beats_current: 'beats the current holder on the metric',
  run_finished: 'registered from a finished run',
};

function PolicyRow({ project, tier, policy, canManage }: { project: string; tier: string; policy: Policy | undefined; canManage: boolean }) {
  // Only the rules: the listing's extra fields (tier, source, ...) are not part of what PUT takes.
  const initial: PolicyRules = policy
    ? { approvals: policy.approvals, separationOfDuties: policy.separationOfDuties, checks: policy.checks, metric: policy.metric }
    : { approvals: 1, separationOfDuties: false, checks: [], metric: null };
  const [rules, setRules] = useState<PolicyRules>(initial);
  const [metricKey, setMetricKey] = useState(initial.metric?.key ?? '');
  const [higher, setHigher] = useState(initial.metric?.higherIsBetter ?? true);
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: boolean }>({ busy: false, error: null, saved: false });
  const [source, setSource] = useState(policy?.source ?? 'default');

  const toggleCheck = (check: string) =>
    setRules({ ...rules, checks: rules.checks.includes(check) ? rules.checks.filter((c) => c !== check) : [...rules.checks, check] });

  const apply = (next: Policy) => {
    setRules({ approvals: next.approvals, separationOfDuties: next.separationOfDuties, checks: next.checks, metric: next.metric });
    setMetricKey(next.metric?.key ?? '');
    setHigher(next.metric?.higherIsBetter ?? true);
    setSource(next.source ?? 'project');
  };
  const run = async (write: () => Promise<Policy>) => {
    setState({ busy: true, error: null, saved: false });
    try {
      apply(await write());
      setState({ busy: false, error: null, saved: true });
    } catch (e) {
      setState({ busy: false, error: errorMessage(e), saved: false });
    }
  };
  const save = () => run(() => putPolicy(project, tier, { ...rules, metric: metricKey.trim() ? { key: metricKey.trim(), higherIsBetter: higher } : null }));
  const reset = () => run(() => resetPolicy(project, tier));

  return (
    <tr data-testid={`policy-${tier}`}>
      <th scope="row">
        <span className={`badge tier-${tier}`}>{tier}</span>
        <div className="muted small">{source === 'project' ? 'set for this project' : "Cairn's default"}</div>
        {policy?.updatedTime ? <div className="muted small">{formatTime(policy.updatedTime)}{policy.updatedBy ? ` · ${policy.updatedBy}` : ''}</div> : null}
      </th>
      <td>
        <input
          type="number"
          min={1}
          max={10}
          value={rules.approvals}
          disabled={!canManage}
          onChange={(e) => setRules({ ...rules, approvals: Number(e.target.value) })}
          aria-label={`Approvals for ${tier}`}
          className="narrow"
        />
      </td>
      <td>
        <input
          type="checkbox"
          checked={rules.separationOfDuties}
          disabled={!canManage}
          onChange={(e) => setRules({ ...rules, separationOfDuties: e.target.checked })}
          aria-label={`Separation of duties for ${tier}`}
        />
      </td>
      <td>
        {policyChecks.map((check) => (
          <label key={check} className="check-label block" title={checkHelp[check]}>
            <input type="checkbox" checked={rules.checks.includes(check)} disabled={!canManage} onChange={() => toggleCheck(check)} />
            <span className="mono small">{check}</span>
          </label>
        ))}
      </td>
      <td>
        <input value={metricKey} disabled={!canManage} onChange={(e) => setMetricKey(e.target.value)} placeholder="e.g. accuracy" aria-label={`Metric for ${tier}`} size={12} />
        <select value={higher ? 'higher' : 'lower'} disabled={!canManage || !metricKey.trim()} onChange={(e) => setHigher(e.target.value === 'higher')} aria-label={`Metric direction for ${tier}`}>
          <option value="higher">higher is better</option>
          <option value="lower">lower is better</option>
        </select>
      </td>
      <td className="right">
        {canManage ? (
          <>
            <button onClick={() => void save()} disabled={state.busy} aria-label={`Save ${tier} policy`}>
              {state.busy ? 'Saving…' : 'Save'}
            </button>
            {source === 'project' ? (
              <button className="link-button" onClick={() => void reset()} disabled={state.busy} aria-label={`Reset ${tier} policy`}>
                Reset
              </button>
            ) : null}
          </>
        ) : null}
        {state.saved ? <div className="small ok-text">saved</div> : null}
        {state.error ? <div className="inline-error">{state.error}</div> : null}
      </td>
    </tr>
  );
}

/** What a promotion needs per risk tier: approvals, separation of duties, checks and the comparison metric. */
export function PoliciesSection({ project, canManage }: { project: string; canManage: boolean }) {
  const policies = useAsync((signal) => listPolicies(project, signal), [project]);
  if (policies.status === 'loading') return <Spinner label="Loading policies…" />;
  if (policies.status === 'error') return <ErrorBox error={policies.error} title="Could not load policies" />;
  const byTier = new Map(policies.data.map((p) => [p.riskTier, p]));
  return (
    <div className="h-scroll">
      <table className="data-table experiments policies" aria-label="promotion policies">
        <thead>
          <tr>
            <th>Risk tier</th>
            <th>Approvals</th>
            <th>Requester may not approve</th>
            <th>Checks</th>
            <th>Metric</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {policyTiers.map((tier) => (
            <PolicyRow key={tier} project={project} tier={tier} policy={byTier.get(tier)} canManage={canManage} />
          ))}
        </tbody>
      </table>
      <p className="muted small">A model's tier comes from its card; a model with no tier follows the default policy. Requests keep the policy in force when they were opened.</p>
    </div>
  );
}
