import type { Promotion, PromotionEvidence } from '../../api/governance-client.js';
import { formatNumber, formatTime } from '../../lib/format.js';

function metricValue(value: number | string | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatNumber(value) : value;
}

function PassFail({ passed, label }: { passed: boolean; label?: string }) {
  return <span className={`badge ${passed ? 'check-pass' : 'check-fail'}`}>{label ?? (passed ? 'pass' : 'fail')}</span>;
}

export function RiskTierBadge({ tier }: { tier: string | null }) {
  if (!tier) return <span className="badge">not assessed</span>;
  return <span className={`badge tier-${tier}`}>{tier} risk</span>;
}

/** What an approver decides on: card completeness, the metric against the current holder of the alias, and each check. */
export function PromotionEvidenceView({ evidence }: { evidence: PromotionEvidence }) {
  const { metric } = evidence;
  return (
    <div className="evidence" data-testid="promotion-evidence">
      <dl className="info-grid">
        <div>
          <dt>Model card</dt>
          <dd>
            {evidence.cardComplete ? (
              <PassFail passed label="complete" />
            ) : (
              <>
                <PassFail passed={false} label="incomplete" /> <span className="small muted">missing {evidence.missingCardFields.join(', ')}</span>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Risk tier</dt>
          <dd>
            <RiskTierBadge tier={evidence.riskTier} />
          </dd>
        </div>
        <div>
          <dt>{metric ? `${metric.key} (${metric.higherIsBetter ? 'higher' : 'lower'} is better)` : 'Metric'}</dt>
          <dd data-testid="evidence-metric">
            {metric ? (
              <>
                <span className="mono">candidate {metricValue(metric.candidate)}</span>
                <span className="muted"> vs </span>
                <span className="mono">
                  {metric.currentVersion === null ? 'no current version' : `current v${metric.currentVersion} ${metricValue(metric.current)}`}
                </span>{' '}
                {evidence.beatsCurrent === null ? null : <PassFail passed={evidence.beatsCurrent} label={evidence.beatsCurrent ? 'better' : 'not better'} />}
              </>
            ) : (
              <span className="muted">no metric in the policy</span>
            )}
          </dd>
        </div>
      </dl>
      {evidence.checks.length > 0 ? (
        <table className="data-table checks" aria-label="promotion checks">
          <thead>
            <tr>
              <th>Check</th>
              <th>Result</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {evidence.checks.map((check) => (
              <tr key={check.name}>
                <td className="mono">{check.name}</td>
                <td>
                  <PassFail passed={check.passed} />
                </td>
                <td className="small">{check.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="muted small">The policy names no checks.</div>
      )}
    </div>
  );
}

export function PolicySummary({ promotion }: { promotion: Promotion }) {
  const policy = promotion.policy;
  if (!policy) return <span className="muted small">No policy for this risk tier: one approval by anyone with approve rights.</span>;
  const approvals = promotion.decisions.filter((d) => d.decision === 'approve' || d.decision === 'approved').length;
  return (
    <span className="small">
      {approvals} of {policy.approvals} approval{policy.approvals === 1 ? '' : 's'}
      {policy.separationOfDuties ? ' · requester may not approve' : ''}
    </span>
  );
}

export function Decisions({ promotion }: { promotion: Promotion }) {
  if (promotion.decisions.length === 0) return <div className="muted small">No decisions yet.</div>;
  return (
    <ul className="decisions" aria-label="decisions">
      {promotion.decisions.map((d, i) => (
        <li key={i}>
          <span className={`badge decision-${d.decision}`}>{d.decision}</span> <strong>{d.actor}</strong>{' '}
          <span className="muted small">{formatTime(d.time)}</span>
          {d.comment ? <div className="decision-comment">“{d.comment}”</div> : null}
        </li>
      ))}
    </ul>
  );
}

export function PromotionStatusBadge({ status }: { status: string }) {
  return <span className={`badge promotion-${status}`}>{status}</span>;
}
