import { getRun } from '../../api/mlflow-client.js';
import { getRegisteredModel, listModelVersions, type ModelVersion } from '../../api/registry-client.js';
import type { Run } from '../../api/tracking-model.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { KeyValueTable } from '../tracking/key-value-table.js';
import { AliasChips } from './alias-chips.js';
import { VersionMetrics } from './version-metrics.js';

function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{stage}</span>;
}

/** The runs behind the versions, by id; a run that is gone (or unreadable) is simply absent. */
async function loadRuns(versions: ModelVersion[], signal: AbortSignal): Promise<Map<string, Run>> {
  const ids = [...new Set(versions.map((v) => v.runId).filter(Boolean))];
  const settled = await Promise.allSettled(ids.map((id) => getRun(id, signal)));
  const runs = new Map<string, Run>();
  for (const result of settled) if (result.status === 'fulfilled') runs.set(result.value.id, result.value);
  return runs;
}

function RunCell({ version, runs }: { version: ModelVersion; runs: Map<string, Run> | null }) {
  if (!version.runId) return <span className="muted">—</span>;
  const run = runs?.get(version.runId);
  if (!run) return <span className="mono muted">{version.runId.slice(0, 12)}</span>;
  return (
    <Link to={`/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.id)}`} aria-label={`Run of version ${version.version}`}>
      {run.name}
    </Link>
  );
}

function VersionsTable({ versions, runs }: { versions: ModelVersion[]; runs: Map<string, Run> | null }) {
  if (versions.length === 0) return <div className="empty">No versions registered yet.</div>;
  return (
    <div className="h-scroll">
      <table className="data-table experiments" aria-label="model versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Stage</th>
            <th>Aliases</th>
            <th>Created</th>
            <th>Run</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version}>
              <td className="strong">Version {v.version}</td>
              <td>
                <StageBadge stage={v.stage} />
              </td>
              <td>
                <AliasChips aliases={v.aliases.map((alias) => ({ alias, version: v.version }))} />
              </td>
              <td>{formatTime(v.creationTime)}</td>
              <td>
                <RunCell version={v} runs={runs} />
              </td>
              <td className="mono small wrap">{v.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ModelPage({ name }: { name: string }) {
  const model = useAsync((signal) => getRegisteredModel(name, signal), [name]);
  const versions = useAsync((signal) => listModelVersions(name, signal), [name]);
  const runs = useAsync((signal) => (versions.status === 'ok' ? loadRuns(versions.data, signal) : Promise.resolve(null)), [versions]);

  if (model.status === 'loading') return <Spinner label="Loading model…" />;
  if (model.status === 'error') return <ErrorBox error={model.error} title={`Model ${name} could not be loaded`} />;
  const data = model.data;
  const tags = [...data.tags].sort(([a], [b]) => a.localeCompare(b));

  return (
    <section className="model-page">
      <div className="crumbs">
        <Link to="/models">Models</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>{data.name}</h1>
        {data.aliases.length > 0 ? <AliasChips aliases={data.aliases} /> : null}
      </div>
      {data.description ? <p className="note">{data.description}</p> : null}
      <div className="two-col">
        <div className="card">
          <h2>Model</h2>
          <dl className="info-grid">
            <div>
              <dt>Latest version</dt>
              <dd>{data.latestVersion ?? '—'}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatTime(data.creationTime)}</dd>
            </div>
            <div>
              <dt>Last updated</dt>
              <dd>{formatTime(data.lastUpdateTime)}</dd>
            </div>
          </dl>
        </div>
        <div className="card">
          <h2>
            Tags <span className="muted">{tags.length}</span>
          </h2>
          <KeyValueTable entries={tags} empty="No tags." label="model tags" />
        </div>
      </div>
      <h2 className="section-title">
        Versions <span className="muted">{versions.data?.length ?? ''}</span>
      </h2>
      {versions.status === 'loading' ? <Spinner label="Loading versions…" /> : null}
      {versions.status === 'error' ? <ErrorBox error={versions.error} title="Could not load versions" /> : null}
      {versions.status === 'ok' ? <VersionsTable versions={versions.data} runs={runs.data ?? null} /> : null}
      {versions.status === 'ok' && versions.data.length > 0 ? (
        <>
          <h2 className="section-title">Metrics of versions side by side</h2>
          {runs.status === 'loading' || (runs.status === 'ok' && runs.data === null) ? <Spinner label="Loading runs…" /> : null}
          {runs.status === 'error' ? <ErrorBox error={runs.error} title="Could not load the versions' runs" /> : null}
          {runs.status === 'ok' && runs.data ? <VersionMetrics versions={versions.data} runs={runs.data} /> : null}
        </>
      ) : null}
    </section>
  );
}
