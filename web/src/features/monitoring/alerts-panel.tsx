import { useState } from 'react';
import { acknowledgeAlert, listAlerts, resolveAlert, type Alert, type AlertStatus } from '../../api/monitoring-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatNumber, formatTime } from '../../lib/format.js';
import { useAsync, useLatestData } from '../../lib/use-async.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import './monitoring.css';

const filters: Array<{ value: AlertStatus | 'active'; label: string }> = [
  { value: 'active', label: 'Open and acknowledged' },
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
];

/** Unresolved ones are the two statuses together; the API filters one status at a time. */
async function loadAlerts(deployment: string, filter: AlertStatus | 'active', signal: AbortSignal): Promise<Alert[]> {
  if (filter !== 'active') return listAlerts(deployment, filter, signal);
  const [open, acknowledged] = await Promise.all([listAlerts(deployment, 'open', signal), listAlerts(deployment, 'acknowledged', signal)]);
  return [...open, ...acknowledged].sort((a, b) => b.lastSeenTime - a.lastSeenTime);
}

function AlertRow({ alert: a, canAcknowledge, canResolve, onChanged }: { alert: Alert; canAcknowledge: boolean; canResolve: boolean; onChanged: () => void }) {
  const edit = useEdit();
  const act = async (action: () => Promise<unknown>) => {
    if (await edit.run(action)) onChanged();
  };
  return (
    <tr data-testid={`alert-${a.id}`}>
      <td className={`severity-${a.severity}`}>{a.severity}</td>
      <td>
        <div>{a.message}</div>
        <div className="muted small mono">
          {a.monitor} · {a.checkKey}
          {a.value !== null ? ` · ${formatNumber(a.value)} vs ${formatNumber(a.threshold ?? undefined)}` : ''}
        </div>
      </td>
      <td data-testid="alert-status">{a.status}</td>
      <td className="nowrap small">
        {formatTime(a.openedTime)}
        {a.occurrences > 1 ? <div className="muted">seen {a.occurrences} times, last {formatTime(a.lastSeenTime)}</div> : null}
      </td>
      <td className="small">
        {a.acknowledgedBy ? <div>acknowledged by {a.acknowledgedBy}</div> : null}
        {a.resolvedBy ? <div>resolved by {a.resolvedBy}</div> : null}
      </td>
      <td className="nowrap">
        {a.status === 'open' && canAcknowledge ? (
          <button onClick={() => void act(() => acknowledgeAlert(a.id))} disabled={edit.busy} aria-label={`Acknowledge alert ${a.id}`}>
            Acknowledge
          </button>
        ) : null}{' '}
        {a.status !== 'resolved' && canResolve ? (
          <button onClick={() => void act(() => resolveAlert(a.id))} disabled={edit.busy} aria-label={`Resolve alert ${a.id}`}>
            Resolve
          </button>
        ) : null}
        <Refusal error={edit.error} />
      </td>
    </tr>
  );
}

/** The deployment's alerts (every monitor), newest activity first; `refresh` reloads after a run. */
export function AlertsPanel({ deployment, refresh, canAcknowledge, canResolve }: { deployment: string; refresh: number; canAcknowledge: boolean; canResolve: boolean }) {
  const [filter, setFilter] = useState<AlertStatus | 'active'>('active');
  const [changed, setChanged] = useState(0);
  const alerts = useAsync((signal) => loadAlerts(deployment, filter, signal), [deployment, filter, refresh, changed]);
  const list = useLatestData(alerts);
  return (
    <div>
      <div className="section-tools">
        <select value={filter} onChange={(e) => setFilter(e.target.value as AlertStatus | 'active')} aria-label="Alert status">
          {filters.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      {alerts.status === 'error' ? <ErrorBox error={alerts.error} title="Could not load alerts" /> : null}
      {!list ? <Spinner label="Loading alerts…" /> : null}
      {list && list.length === 0 ? <div className="empty small">No alerts{filter === 'active' ? ' open' : ` ${filter}`}.</div> : null}
      {list && list.length > 0 ? (
        <table className="data-table" aria-label="alerts">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Alert</th>
              <th>Status</th>
              <th>Opened</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <AlertRow key={a.id} alert={a} canAcknowledge={canAcknowledge} canResolve={canResolve} onChanged={() => setChanged((n) => n + 1)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
