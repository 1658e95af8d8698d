import { useState } from 'react';
import { getDeployment, listRevisions, type Deployment } from '../../api/deployment-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync, useLatestData } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { useMe } from '../admin/session.js';
import { monitoringPath, reviewPath } from '../monitoring/monitoring-access.js';
import { canDeployIn } from './deploy-access.js';
import { LiveStats } from './live-stats.js';
import { RecentPredictions } from './recent-predictions.js';
import { RevisionsTable } from './revisions-table.js';
import { SpecEditor } from './spec-editor.js';
import { shadowSummary, trafficSummary } from './spec-draft.js';
import { SplitBar } from './traffic-editor.js';

/** The current revision at a glance. */
function RevisionSummary({ deployment: d }: { deployment: Deployment }) {
  const spec = d.current.spec;
  return (
    <div className="card" data-testid="revision-summary">
      <h2>
        Revision {d.current.revision} <span className="muted small">{formatTime(d.current.time)} by {d.current.actor}</span>
      </h2>
      {d.current.comment ? <p className="description">{d.current.comment}</p> : null}
      <dl className="info-grid">
        <div>
          <dt>Serves</dt>
          <dd className="mono" data-testid="serves">
            {trafficSummary(spec)}
          </dd>
        </div>
        <div>
          <dt>Shadows</dt>
          <dd className="mono">{shadowSummary(spec) || '—'}</dd>
        </div>
        <div>
          <dt>Batching</dt>
          <dd>{spec.batching.maxBatchSize <= 1 ? 'off' : `up to ${spec.batching.maxBatchSize} requests or ${spec.batching.maxWaitMs} ms`}</dd>
        </div>
        <div>
          <dt>Logging</dt>
          <dd>
            {Math.round(spec.logging.sampleRate * 1000) / 10}% of predictions, kept {spec.logging.retentionDays} days
          </dd>
        </div>
        <div>
          <dt>Sticky routing</dt>
          <dd>{spec.sticky ? `by ${spec.sticky.source} ${spec.sticky.name}` : 'none'}</dd>
        </div>
        <div>
          <dt>Inference</dt>
          <dd className="mono">POST /v2/models/{d.name}/infer</dd>
        </div>
      </dl>
      {'versions' in spec ? <SplitBar parts={spec.versions.map((v) => ({ label: `${v.model}:${v.version}`, weight: v.weight }))} /> : null}
    </div>
  );
}

export function DeploymentPage({ name }: { name: string }) {
  const [refresh, setRefresh] = useState(0);
  const deployment = useAsync((signal) => getDeployment(name, signal), [name, refresh]);
  const revisions = useAsync((signal) => listRevisions(name, signal), [name, refresh]);
  const data = useLatestData(deployment);
  const revisionList = useLatestData(revisions);
  const me = useMe();
  const changed = () => setRefresh((n) => n + 1);

  if (deployment.status === 'error') return <ErrorBox error={deployment.error} title={`Deployment ${name} could not be loaded`} />;
  if (!data) return <Spinner label="Loading deployment…" />;
  const canDeploy = canDeployIn(me, data.project);

  return (
    <section>
      <div className="crumbs">
        <Link to="/deployments">Deployments</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>{data.name}</h1>
        <span className="pill">{data.project}</span>
        <Link to={monitoringPath(data.name)}>Monitoring</Link>
        <Link to={reviewPath(data.name)}>Review predictions</Link>
      </div>
      <RevisionSummary deployment={data} />
      <h2 className="section-title">Live</h2>
      <LiveStats name={data.name} />
      {canDeploy ? (
        <>
          <h2 className="section-title">Change</h2>
          {/* Keyed by revision: after a save or a rollback the editor starts from what serves now. */}
          <SpecEditor key={data.current.revision} deployment={data} onSaved={changed} />
        </>
      ) : (
        <div className="muted small top-gap">Changing a deployment needs the deployer or admin role in its project.</div>
      )}
      <h2 className="section-title">
        Revisions <span className="muted">{revisionList?.length ?? ''}</span>
      </h2>
      {revisions.status === 'error' ? <ErrorBox error={revisions.error} title="Could not load revisions" /> : null}
      {revisionList ? <RevisionsTable name={data.name} revisions={revisionList} current={data.current.revision} canDeploy={canDeploy} onRolledBack={changed} /> : <Spinner label="Loading revisions…" />}
      <h2 className="section-title">Recent predictions</h2>
      <RecentPredictions name={data.name} />
    </section>
  );
}
