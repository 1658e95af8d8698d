import { listFeedback, type Feedback } from '../../api/monitoring-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Link } from '../../router.js';
import { predictionPath } from '../deployments/spec-draft.js';

/** The deployment's feedback, newest first, from systems (`api`) and from people (`expert`). */
export function RecentFeedback({ name, refresh }: { name: string; refresh: number }) {
  const list = usePagedList<Feedback>(
    async (pageToken, signal) => {
      const body = await listFeedback(name, { maxResults: 50, pageToken }, signal);
      return { items: body.feedback, nextPageToken: body.nextPageToken ?? null };
    },
    `${name}:${refresh}`,
  );
  if (list.error) return <ErrorBox error={list.error} title="Could not load feedback" />;
  return (
    <div>
      {!list.loading && list.items.length === 0 ? <div className="empty small">No feedback yet.</div> : null}
      {list.items.length > 0 ? (
        <table className="data-table" aria-label="recent feedback">
          <thead>
            <tr>
              <th>Prediction</th>
              <th>Label</th>
              <th>Comment</th>
              <th>Source</th>
              <th>By</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((f) => (
              <tr key={`${f.predictionId}:${f.createdTime}`}>
                <td className="mono">
                  <Link to={predictionPath(f.predictionId)}>{f.predictionId.slice(0, 8)}…</Link>
                </td>
                <td className="mono">{f.label === null ? '—' : String(f.label)}</td>
                <td>{f.comment ?? ''}</td>
                <td>{f.source}</td>
                <td>{f.createdBy}</td>
                <td className="nowrap">{formatTime(f.createdTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.loading ? <Spinner label="Loading feedback…" /> : null}
      {!list.loading && list.nextToken ? (
        <button className="load-more" onClick={list.loadMore}>
          Load older feedback
        </button>
      ) : null}
    </div>
  );
}
