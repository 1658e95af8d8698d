import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error.js';
import { listPredictions, type Prediction } from '../../api/deployment-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Link, navigate } from '../../router.js';
import { predictionPath } from './spec-draft.js';

/** Opens a prediction by the id a caller got back (`x-prediction-id`). */
export function PredictionLookup() {
  const [id, setId] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (id.trim()) navigate(predictionPath(id.trim()));
  };
  return (
    <form className="toolbar" aria-label="Find prediction" onSubmit={submit}>
      <input className="grow" value={id} onChange={(e) => setId(e.target.value)} placeholder="Prediction id (x-prediction-id)" aria-label="Find prediction by id" />
      <button type="submit" disabled={!id.trim()}>
        Find prediction
      </button>
    </form>
  );
}

/** The deployment's logged predictions, newest first; *Refresh* reloads, the log being written in the background. */
export function RecentPredictions({ name }: { name: string }) {
  const [refresh, setRefresh] = useState(0);
  const list = usePagedList<Prediction>(
    async (pageToken, signal) => {
      const body = await listPredictions(name, { maxResults: 50, pageToken }, signal);
      return { items: body.predictions, nextPageToken: body.nextPageToken ?? null };
    },
    `${name}:${refresh}`,
  );
  // A server without the prediction log answers 404 for the route itself.
  const missing = list.error instanceof ApiError && list.error.status === 404;

  return (
    <div>
      <PredictionLookup />
      <div className="section-tools">
        <button onClick={() => setRefresh((n) => n + 1)} disabled={list.loading}>
          Refresh
        </button>
      </div>
      {missing ? <div className="empty small">No prediction log on this server.</div> : null}
      {list.error && !missing ? <ErrorBox error={list.error} title="Could not load predictions" /> : null}
      {!list.error && !list.loading && list.items.length === 0 ? <div className="empty small">No logged predictions yet (logging samples a share of requests, and writes them within a moment).</div> : null}
      {list.items.length > 0 ? (
        <table className="data-table experiments" aria-label="recent predictions">
          <thead>
            <tr>
              <th>Prediction</th>
              <th>Time</th>
              <th>Version</th>
              <th>Revision</th>
              <th>Latency</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((p) => (
              <tr key={p.id}>
                <td className="mono">
                  <Link to={predictionPath(p.id)}>{p.id}</Link>
                </td>
                <td className="nowrap">{formatTime(p.time)}</td>
                <td>
                  {p.model}:{p.version}
                </td>
                <td>{p.revision}</td>
                <td>{p.latencyMs.toFixed(1)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.loading ? <Spinner label="Loading predictions…" /> : null}
      {!list.loading && list.nextToken ? (
        <button className="load-more" onClick={list.loadMore}>
          Load older predictions
        </button>
      ) : null}
    </div>
  );
}
