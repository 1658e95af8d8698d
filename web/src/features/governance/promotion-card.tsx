import { useState } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { decidePromotion, type Promotion } from '../../api/governance-client.js';
import { formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';
import { useMe } from '../admin/session.js';
import { modelPath } from '../registry/models-page.js';
import { Decisions, PolicySummary, PromotionEvidenceView, PromotionStatusBadge } from './promotion-evidence.js';

export function promotionPath(id: number | string): string {
  return `/approvals/${encodeURIComponent(String(id))}`;
}

/** Approve / reject with a comment; the requester may withdraw instead. */
function DecisionForm({ promotion, onDecided }: { promotion: Promotion; onDecided: (next: Promotion) => void }) {
  const me = useMe();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = promotion.requestedBy === me.name;
  const role = me.roleIn(promotion.project);
  const canDecide = me.isAdmin || role === 'approver' || role === 'admin';
  if (!canDecide && !own) {
    return <div className="muted small decision-form">Deciding needs the approver role in project {promotion.project}.</div>;
  }

  const decide = async (decision: 'approve' | 'reject' | 'withdraw') => {
    setBusy(true);
    setError(null);
    try {
      onDecided(await decidePromotion(promotion.id, decision, comment.trim()));
      setComment('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="decision-form">
      <textarea
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder="Comment (why approve or reject)"
        aria-label={`Comment on request ${promotion.id}`}
        rows={2}
      />
      <div className="inline-form">
        {canDecide ? (
          <>
            <button className="primary" disabled={busy} onClick={() => void decide('approve')}>
              Approve
            </button>
            <button className="danger" disabled={busy} onClick={() => void decide('reject')}>
              Reject
            </button>
          </>
        ) : null}
        {own ? (
          <button disabled={busy} onClick={() => void decide('withdraw')}>
            Withdraw
          </button>
        ) : null}
        {error ? (
          <span className="inline-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    </div>
  );
}

/** One promotion request with its evidence; open requests carry the decision form. */
export function PromotionCard({ promotion, onChanged }: { promotion: Promotion; onChanged?: (next: Promotion) => void }) {
  const [current, setCurrent] = useState(promotion);
  const changed = (next: Promotion) => {
    setCurrent(next);
    onChanged?.(next);
  };
  return (
    <article className="card promotion" data-testid="promotion" aria-label={`Promotion ${current.id}`}>
      <div className="promotion-head">
        <h2>
          <Link to={modelPath(current.model)}>{current.model}</Link> v{current.version} → <span className="mono">@{current.alias}</span>
        </h2>
        <PromotionStatusBadge status={current.status} />
        <Link to={promotionPath(current.id)} className="small">
          #{current.id}
        </Link>
        <span className="muted small grow right">
          requested by <strong>{current.requestedBy}</strong> · {formatTime(current.createdTime)} · project {current.project}
        </span>
      </div>
      {current.comment ? <p className="note">{current.comment}</p> : null}
      <PromotionEvidenceView evidence={current.evidence} />
      <div className="promotion-foot">
        <PolicySummary promotion={current} />
        <Decisions promotion={current} />
      </div>
      {current.status === 'open' ? <DecisionForm promotion={current} onDecided={changed} /> : null}
    </article>
  );
}
