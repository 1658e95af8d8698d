import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { listPromotions, requestPromotion, type Promotion } from '../../api/governance-client.js';
import type { ModelVersion } from '../../api/registry-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { PromotionCard, promotionPath } from './promotion-card.js';
import { PromotionStatusBadge } from './promotion-evidence.js';

function RequestForm({ model, versions, onRequested }: { model: string; versions: ModelVersion[]; onRequested: (p: Promotion) => void }) {
  const [version, setVersion] = useState(String(versions[0]?.version ?? ''));
  const [alias, setAlias] = useState('production');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { model, version: Number(version), alias: alias.trim(), ...(comment.trim() ? { comment: comment.trim() } : {}) };
      onRequested(await requestPromotion(body));
      setComment('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="toolbar request-form" onSubmit={(e) => void submit(e)} aria-label="Request promotion">
      <label className="check-label">
        Version
        <select value={version} onChange={(e) => setVersion(e.target.value)} aria-label="Version to promote">
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              Version {v.version}
            </option>
          ))}
        </select>
      </label>
      <label className="check-label">
        to alias
        <input value={alias} onChange={(e) => setAlias(e.target.value)} aria-label="Alias to promote to" list="alias-suggestions" size={14} />
        <datalist id="alias-suggestions">
          <option value="production" />
          <option value="staging" />
          <option value="champion" />
        </datalist>
      </label>
      <input className="grow" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why (optional)" aria-label="Promotion comment" />
      <button className="primary" type="submit" disabled={busy || !version || !alias.trim()}>
        {busy ? 'Requesting…' : 'Request promotion'}
      </button>
      {error ? (
        <div className="inline-error wide-error" role="alert">
          {error}
        </div>
      ) : null}
    </form>
  );
}

/** The model page's promotion section: request one, see open ones with their evidence, and past ones. */
export function ModelPromotions({ model, versions, canRequest, onDecided }: { model: string; versions: ModelVersion[]; canRequest: boolean; onDecided: () => void }) {
  const [added, setAdded] = useState<Promotion[]>([]);
  const loaded = useAsync((signal) => listPromotions({ model, maxResults: 200 }, signal), [model]);
  const seen = new Set(added.map((p) => String(p.id)));
  const all = [...added, ...(loaded.data?.items ?? []).filter((p) => !seen.has(String(p.id)))];
  const open = all.filter((p) => p.status === 'open');
  const closed = all.filter((p) => p.status !== 'open');

  return (
    <div className="model-promotions">
      {!canRequest ? <div className="muted small">Requesting a promotion needs the contributor role (or higher) in the model's project.</div> : null}
      {canRequest && versions.length > 0 ? (
        <RequestForm model={model} versions={versions} onRequested={(p) => setAdded((previous) => [p, ...previous])} />
      ) : null}
      {canRequest && versions.length === 0 ? <div className="empty small">Register a version before requesting a promotion.</div> : null}
      {loaded.status === 'loading' ? <Spinner label="Loading promotion requests…" /> : null}
      {loaded.status === 'error' ? <ErrorBox error={loaded.error} title="Could not load promotion requests" /> : null}
      {open.map((p) => (
        <PromotionCard
          key={p.id}
          promotion={p}
          onChanged={(next) => {
            setAdded((previous) => [next, ...previous.filter((q) => q.id !== next.id)]);
            onDecided();
          }}
        />
      ))}
      {closed.length > 0 ? (
        <table className="data-table experiments" aria-label="past promotion requests">
          <thead>
            <tr>
              <th>Request</th>
              <th>Version</th>
              <th>Alias</th>
              <th>Status</th>
              <th>Requested by</th>
              <th>Decided</th>
            </tr>
          </thead>
          <tbody>
            {closed.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={promotionPath(p.id)}>#{p.id}</Link>
                </td>
                <td>Version {p.version}</td>
                <td className="mono">@{p.alias}</td>
                <td>
                  <PromotionStatusBadge status={p.status} />
                </td>
                <td>{p.requestedBy}</td>
                <td>{formatTime(p.decidedTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {loaded.status === 'ok' && all.length === 0 ? <div className="muted small">No promotion requests for this model yet.</div> : null}
    </div>
  );
}
