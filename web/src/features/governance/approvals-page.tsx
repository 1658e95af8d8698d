import { useEffect, useState } from 'react';
import { listPromotions, type Promotion } from '../../api/governance-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link, replaceQuery, useLocation } from '../../router.js';
import { modelPath } from '../registry/models-page.js';
import { PromotionCard, promotionPath } from './promotion-card.js';
import { PromotionStatusBadge } from './promotion-evidence.js';

function ClosedTable({ promotions }: { promotions: Promotion[] }) {
  if (promotions.length === 0) return <Empty>No closed requests.</Empty>;
  return (
    <table className="data-table experiments" aria-label="closed promotion requests">
      <thead>
        <tr>
          <th>Request</th>
          <th>Model</th>
          <th>Alias</th>
          <th>Status</th>
          <th>Requested by</th>
          <th>Decided by</th>
          <th>Decided</th>
        </tr>
      </thead>
      <tbody>
        {promotions.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={promotionPath(p.id)}>#{p.id}</Link>
            </td>
            <td>
              <Link to={modelPath(p.model)}>{p.model}</Link> v{p.version}
            </td>
            <td className="mono">@{p.alias}</td>
            <td>
              <PromotionStatusBadge status={p.status} />
            </td>
            <td>{p.requestedBy}</td>
            <td>{p.decisions.map((d) => d.actor).join(', ') || '—'}</td>
            <td>{formatTime(p.decidedTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Closed requests, newest first, a page at a time (the list answers every status; open ones are skipped). */
function ClosedRequests() {
  const [items, setItems] = useState<Promotion[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [pageToken, setPageToken] = useState<string | null>(null);
  const page = useAsync((signal) => listPromotions({ pageToken }, signal), [pageToken]);
  useEffect(() => {
    if (page.status !== 'ok') return;
    setItems((previous) => [...(pageToken ? previous : []), ...page.data.items.filter((p) => p.status !== 'open')]);
    setNext(page.data.nextPageToken);
  }, [page]);
  return (
    <>
      {page.status === 'error' ? <ErrorBox error={page.error} title="Could not load promotion requests" /> : null}
      {page.status === 'ok' || items.length > 0 ? <ClosedTable promotions={items} /> : null}
      {page.status === 'loading' ? <Spinner label="Loading closed requests…" /> : null}
      {page.status === 'ok' && next ? (
        <button className="load-more" onClick={() => setPageToken(next)}>
          Load older requests
        </button>
      ) : null}
    </>
  );
}

/** The approver's inbox: open requests with their evidence first, then what was decided. */
export function ApprovalsPage() {
  const { search } = useLocation();
  const view = search.get('view') === 'closed' ? 'closed' : 'open';
  const [reload, setReload] = useState(0);
  const open = useAsync((signal) => listPromotions({ status: 'open', maxResults: 1000 }, signal), [reload]);

  return (
    <section>
      <div className="page-head">
        <h1>Approvals</h1>
        <div className="segmented" role="tablist">
          <button role="tab" aria-selected={view === 'open'} className={view === 'open' ? 'on' : ''} onClick={() => replaceQuery({ view: null })}>
            Open <span className="pill">{open.data ? open.data.items.length : '…'}</span>
          </button>
          <button role="tab" aria-selected={view === 'closed'} className={view === 'closed' ? 'on' : ''} onClick={() => replaceQuery({ view: 'closed' })}>
            Closed
          </button>
        </div>
        <button className="link-button" onClick={() => setReload((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {view === 'open' && open.status === 'loading' ? <Spinner label="Loading open requests…" /> : null}
      {view === 'open' && open.status === 'error' ? <ErrorBox error={open.error} title="Could not load promotion requests" /> : null}
      {view === 'open' && open.status === 'ok' ? (
        open.data.items.length === 0 ? (
          <Empty>No open promotion requests. Request one from a model's page.</Empty>
        ) : (
          <div className="promotion-list">
            {open.data.items.map((p) => (
              <PromotionCard key={p.id} promotion={p} />
            ))}
          </div>
        )
      ) : null}
      {view === 'closed' ? <ClosedRequests key={reload} /> : null}
    </section>
  );
}
