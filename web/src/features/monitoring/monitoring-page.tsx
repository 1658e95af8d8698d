import { useState } from 'react';
import { getDeployment } from '../../api/deployment-client.js';
import { listMonitors, type Monitor } from '../../api/monitoring-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { useAsync, useLatestData } from '../../lib/use-async.js';
import { Link, replaceQuery, useLocation } from '../../router.js';
import { useMe } from '../admin/session.js';
import { deploymentPath } from '../deployments/spec-draft.js';
import { AlertsPanel } from './alerts-panel.js';
import { canManageMonitors, canReviewIn, reviewPath } from './monitoring-access.js';
import { MonitorForm } from './monitor-form.js';
import { MonitorView } from './monitor-view.js';
import { windowText } from './monitor-draft.js';
import './monitoring.css';

/**
 * `/deployments/{name}/monitoring`: pick one of the deployment's monitors (kept in the URL as
 * `?monitor=id`), see its reference, drift and performance over windows, and the alerts.
 */
export function MonitoringPage({ name }: { name: string }) {
  const { search } = useLocation();
  const [reload, setReload] = useState(0);
  const [creating, setCreating] = useState(false);
  const deployment = useAsync((signal) => getDeployment(name, signal), [name]);
  const monitors = useAsync((signal) => listMonitors(name, signal), [name, reload]);
  const list = useLatestData(monitors);
  const [alertsRefresh, setAlertsRefresh] = useState(0);
  const me = useMe();

  if (deployment.status === 'error') return <ErrorBox error={deployment.error} title={`Deployment ${name} could not be loaded`} />;
  if (deployment.status === 'loading' || !list) {
    return monitors.status === 'error' ? <ErrorBox error={monitors.error} title="Could not load monitors" /> : <Spinner label="Loading monitors…" />;
  }
  const d = deployment.data;
  const canManage = canManageMonitors(me, d.project);
  const wanted = Number(search.get('monitor'));
  const selected: Monitor | undefined = list.find((m) => m.id === wanted) ?? list[0];
  const select = (id: number | null) => replaceQuery({ monitor: id === null ? null : String(id) });
  const saved = (m: Monitor) => {
    setCreating(false);
    select(m.id);
    setReload((n) => n + 1);
  };

  return (
    <section>
      <div className="crumbs">
        <Link to="/deployments">Deployments</Link> <span>/</span> <Link to={deploymentPath(name)}>{name}</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>Monitoring</h1>
        <span className="pill">{d.project}</span>
        <Link to={reviewPath(name)}>Review predictions</Link>
      </div>
      <div className="monitor-bar">
        {list.length > 0 ? (
          <label className="field">
            Monitor
            <select value={selected?.id ?? ''} onChange={(e) => select(Number(e.target.value))} aria-label="Monitor">
              {list.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({windowText(m)}{m.enabled ? '' : ', disabled'})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="empty small" data-testid="no-monitors">
            No monitors on this deployment yet.
          </span>
        )}
        {canManage && !creating ? (
          <button className="primary" onClick={() => setCreating(true)}>
            New monitor
          </button>
        ) : null}
      </div>
      {creating ? <MonitorForm deployment={name} monitor={null} onSaved={saved} onCancel={() => setCreating(false)} /> : null}
      {selected && !creating ? (
        <MonitorView
          key={selected.id}
          monitor={selected}
          deployment={d}
          canManage={canManage}
          onSaved={saved}
          onDeleted={() => {
            select(null);
            setReload((n) => n + 1);
          }}
          onRan={() => setAlertsRefresh((n) => n + 1)}
        />
      ) : null}
      <h2 className="section-title">Alerts</h2>
      <AlertsPanel deployment={name} refresh={alertsRefresh} canAcknowledge={canReviewIn(me, d.project)} canResolve={canManage} />
    </section>
  );
}
