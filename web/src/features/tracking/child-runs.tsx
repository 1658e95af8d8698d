import { searchRuns } from '../../api/mlflow-client.js';
import type { Run } from '../../api/tracking-model.js';
import { StatusBadge } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';

/** Nested runs (hyper-parameter trials, folds) started under this one; nothing when there are none. */
export function ChildRuns({ run }: { run: Run }) {
  const children = useAsync(
    (signal) =>
      searchRuns(
        {
          experimentIds: [run.experimentId],
          filter: `tags.\`mlflow.parentRunId\` = '${run.id}'`,
          orderBy: ['attributes.start_time ASC'],
          maxResults: 200,
        },
        signal,
      ),
    [run.id, run.experimentId],
  );
  if (children.status !== 'ok' || children.data.items.length === 0) return null;
  return (
    <div className="card" style={{ marginTop: 16 }}>
      <h2>
        Child runs <span className="muted">{children.data.items.length}{children.data.nextPageToken ? '+' : ''}</span>
      </h2>
      <div className="child-runs">
        {children.data.items.map((child) => (
          <Link key={child.id} to={`/experiments/${encodeURIComponent(child.experimentId)}/runs/${encodeURIComponent(child.id)}`} className="legend-item">
            {child.name}
            <StatusBadge status={child.status} />
          </Link>
        ))}
      </div>
    </div>
  );
}
