import type { ReactNode } from 'react';
import { getExperiment, getRun } from '../../api/mlflow-client.js';
import type { Run } from '../../api/tracking-model.js';
import { ErrorBox, Spinner, StatusBadge } from '../../components/status.js';
import { formatDuration, formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { ArtifactBrowser } from './artifact-browser.js';
import { ChildRuns } from './child-runs.js';
import { KeyValueTable } from './key-value-table.js';
import { MetricCharts } from './metric-charts.js';
import { isSystemTag, parentRunId } from './run-columns.js';

function runPath(experimentId: string, runId: string): string {
  return `/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
}

// Long identifiers get a whole row rather than wrapping mid-word in a narrow cell.
const wide = new Set(['Run ID', 'Artifacts', 'Source']);

function InfoGrid({ run }: { run: Run }) {
  const parent = parentRunId(run);
  const commit = run.tags.get('mlflow.source.git.commit');
  const branch = run.tags.get('mlflow.source.git.branch');
  const rows: [string, ReactNode][] = [
    ['Run ID', <span className="mono">{run.id}</span>],
    ['Status', <StatusBadge status={run.status} />],
    ['Started', formatTime(run.startTime)],
    ['Ended', run.endTime === null ? (run.status === 'RUNNING' ? 'still running' : '—') : formatTime(run.endTime)],
    ['Duration', run.endTime === null && run.status === 'RUNNING' ? formatDuration(run.startTime, Date.now()) + ' so far' : formatDuration(run.startTime, run.endTime)],
    ['User', run.userId || '—'],
    ['Parent run', parent ? <Link to={runPath(run.experimentId, parent)} className="mono">{parent}</Link> : '—'],
  ];
  const source = run.tags.get('mlflow.source.name');
  if (source) rows.push(['Source', <span className="mono">{source}</span>]);
  if (commit) {
    const dirty = run.tags.get('cairn.source.git.dirty') === 'true' ? ' (dirty)' : '';
    rows.push(['Git', <span className="mono">{`${commit.slice(0, 12)}${branch ? ` on ${branch}` : ''}${dirty}`}</span>]);
  }
  rows.push(['Artifacts', <span className="mono small">{run.artifactUri}</span>]);
  if (run.lifecycleStage !== 'active') rows.push(['Lifecycle', <span className="error-text">{run.lifecycleStage}</span>]);
  return (
    <dl className="info-grid">
      {rows.map(([label, value]) => (
        <div key={label} className={wide.has(label) ? 'wide' : undefined}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function RunPage({ runId }: { runId: string }) {
  const run = useAsync((signal) => getRun(runId, signal), [runId]);
  const experimentId = run.data?.experimentId;
  const experiment = useAsync(
    (signal) => (experimentId === undefined ? Promise.resolve(null) : getExperiment(experimentId, signal)),
    [experimentId],
  );

  if (run.status === 'loading') return <Spinner label="Loading run…" />;
  if (run.status === 'error') return <ErrorBox error={run.error} title={`Run ${runId} could not be loaded`} />;
  const data = run.data;
  const userTags = [...data.tags].filter(([k]) => !isSystemTag(k)).sort(([a], [b]) => a.localeCompare(b));
  const systemTags = [...data.tags].filter(([k]) => isSystemTag(k)).sort(([a], [b]) => a.localeCompare(b));
  const params = [...data.params].sort(([a], [b]) => a.localeCompare(b));
  const note = data.tags.get('mlflow.note.content');

  return (
    <section className="run-page">
      <div className="crumbs">
        <Link to="/">Experiments</Link> <span>/</span>{' '}
        <Link to={`/experiments/${encodeURIComponent(data.experimentId)}`}>{experiment.data?.name ?? `Experiment ${data.experimentId}`}</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>{data.name}</h1>
        <StatusBadge status={data.status} />
      </div>
      {note ? <p className="note">{note}</p> : null}
      <div className="two-col">
        <div className="card">
          <h2>Run</h2>
          <InfoGrid run={data} />
        </div>
        <div className="card">
          <h2>
            Parameters <span className="muted">{params.length}</span>
          </h2>
          <KeyValueTable entries={params} empty="No parameters logged." label="parameters" />
        </div>
      </div>
      <ChildRuns run={data} />
      <h2 className="section-title">
        Metrics <span className="muted">{data.metrics.size}</span>
      </h2>
      <MetricCharts run={data} />
      <h2 className="section-title">Artifacts</h2>
      <div className="card flush">
        <ArtifactBrowser run={data} />
      </div>
      {data.datasets.length > 0 ? (
        <>
          <h2 className="section-title">Datasets</h2>
          <table className="data-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Digest</th>
                <th>Context</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {data.datasets.map((d) => (
                <tr key={`${d.name}-${d.digest}`}>
                  <td className="strong">{d.name}</td>
                  <td className="mono">{d.digest}</td>
                  <td>{d.context || '—'}</td>
                  <td className="mono small wrap">{d.sourceType}: {d.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <div className="two-col">
        <div className="card">
          <h2>
            Tags <span className="muted">{userTags.length}</span>
          </h2>
          <KeyValueTable entries={userTags} empty="No tags." label="tags" />
        </div>
        <div className="card">
          <h2>
            System tags <span className="muted">{systemTags.length}</span>
          </h2>
          <KeyValueTable entries={systemTags} empty="No system tags." label="system tags" />
        </div>
      </div>
    </section>
  );
}
