import { ApiError } from '../../api/api-error.js';
import { listRuns } from '../../api/monitoring-client.js';
import { ErrorBox } from '../../components/status.js';
import { formatDuration, formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

/** The scheduler's last runs of this monitor (which process claimed each, how it ended). */
export function MonitorRuns({ monitorId, refresh }: { monitorId: number; refresh: number }) {
  const runs = useAsync((signal) => listRuns(monitorId, 10, signal), [monitorId, refresh]);
  // A server without the scheduler's routes answers 404 for the route itself.
  if (runs.status === 'error' && runs.error instanceof ApiError && runs.error.status === 404) return <div className="muted small">No scheduler on this server.</div>;
  if (runs.status === 'error') return <ErrorBox error={runs.error} title="Could not load scheduled runs" />;
  if (runs.status === 'loading') return <div className="muted small">Loading runs…</div>;
  if (runs.data.length === 0) return <div className="empty small">No scheduled run yet (Run now does not count as one).</div>;
  return (
    <table className="data-table" aria-label="scheduled runs">
      <thead>
        <tr>
          <th>Scheduled for</th>
          <th>Status</th>
          <th>Claimed by</th>
          <th>Took</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {runs.data.map((r) => (
          <tr key={r.scheduledFor}>
            <td className="nowrap">{formatTime(r.scheduledFor)}</td>
            <td>{r.status}</td>
            <td className="mono">{r.claimedBy}</td>
            <td>{formatDuration(r.startedTime, r.finishedTime)}</td>
            <td className="error-text small">{r.error ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
