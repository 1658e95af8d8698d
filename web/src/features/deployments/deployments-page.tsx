import { useState } from 'react';
import { listDeployments } from '../../api/deployment-client.js';
import { ProjectFilter, useProjectParam } from '../../components/project-filter.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatAgo, formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { useMe } from '../admin/session.js';
import { canDeployIn } from './deploy-access.js';
import { NewDeploymentForm } from './new-deployment-form.js';
import { deploymentPath, shadowSummary, trafficSummary } from './spec-draft.js';

/** Deployments with what serves them, filtered by project like the other lists. */
export function DeploymentsPage() {
  const [project, setProject] = useProjectParam();
  const [creating, setCreating] = useState(false);
  const deployments = useAsync((signal) => listDeployments(project || null, signal), [project]);
  const me = useMe();
  // Offered to whoever may deploy somewhere; the form lists only those projects.
  const mayCreate = me.isAdmin || me.projects.some((p) => canDeployIn(me, p));

  return (
    <section>
      <div className="page-head">
        <h1>Deployments</h1>
        {mayCreate && !creating ? (
          <button className="primary" onClick={() => setCreating(true)}>
            New deployment
          </button>
        ) : null}
      </div>
      {creating ? <NewDeploymentForm initialProject={project} onCancel={() => setCreating(false)} /> : null}
      <div className="toolbar">
        <ProjectFilter value={project} onChange={setProject} />
      </div>
      {deployments.status === 'loading' ? <Spinner label="Loading deployments…" /> : null}
      {deployments.status === 'error' ? <ErrorBox error={deployments.error} title="Could not load deployments" /> : null}
      {deployments.status === 'ok' && deployments.data.length === 0 ? <Empty>No deployments{project ? ' in this project' : ' yet'}.</Empty> : null}
      {deployments.status === 'ok' && deployments.data.length > 0 ? (
        <table className="data-table experiments" aria-label="deployments">
          <thead>
            <tr>
              <th>Name</th>
              <th>Project</th>
              <th>Serves</th>
              <th>Shadows</th>
              <th>Revision</th>
              <th>Last change</th>
            </tr>
          </thead>
          <tbody>
            {deployments.data.map((d) => (
              <tr key={d.name}>
                <td>
                  <Link to={deploymentPath(d.name)} className="strong">
                    {d.name}
                  </Link>
                </td>
                <td>
                  <span className="pill" data-testid="project-cell">
                    {d.project}
                  </span>
                </td>
                <td className="mono" data-testid="serves-cell">
                  {trafficSummary(d.current.spec)}
                </td>
                <td className="mono">{shadowSummary(d.current.spec) || <span className="muted">—</span>}</td>
                <td>{d.current.revision}</td>
                <td title={formatTime(d.lastUpdateTime)}>
                  {formatAgo(d.lastUpdateTime)} <span className="muted">by {d.current.actor}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
