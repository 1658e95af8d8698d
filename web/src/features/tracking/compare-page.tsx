import { useMemo } from 'react';
import { getExperiment, getRun } from '../../api/mlflow-client.js';
import { Empty, ErrorBox, Spinner, StatusBadge } from '../../components/status.js';
import { colorAt } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { CompareCharts } from './compare-charts.js';
import { CompareScatter } from './compare-scatter.js';
import { DiffTable } from './compare-tables.js';

export function ComparePage({ runIds }: { runIds: string[] }) {
  const runs = useAsync((signal) => Promise.all(runIds.map((id) => getRun(id, signal))), [runIds.join(',')]);
  const onlyExperiment = runs.data && new Set(runs.data.map((r) => r.experimentId)).size === 1 ? runs.data[0]?.experimentId : undefined;
  const experiment = useAsync(
    (signal) => (onlyExperiment === undefined ? Promise.resolve(null) : getExperiment(onlyExperiment, signal)),
    [onlyExperiment],
  );
  // Keyed on the joined ids: the array itself is rebuilt from the URL on every render.
  const colors = useMemo(() => new Map(runIds.map((id, i) => [id, colorAt(i)])), [runIds.join(',')]);

  if (runIds.length < 2) return <Empty>Pick two or more runs in an experiment's run table to compare them.</Empty>;
  if (runs.status === 'loading') return <Spinner label={`Loading ${runIds.length} runs…`} />;
  if (runs.status === 'error') return <ErrorBox error={runs.error} title="Could not load the runs to compare" />;
  const list = runs.data;

  return (
    <section className="compare-page">
      <div className="crumbs">
        <Link to="/">Experiments</Link> <span>/</span>{' '}
        {onlyExperiment !== undefined ? (
          <>
            <Link to={`/experiments/${encodeURIComponent(onlyExperiment)}`}>{experiment.data?.name ?? `Experiment ${onlyExperiment}`}</Link> <span>/</span>
          </>
        ) : null}
      </div>
      <div className="page-head">
        <h1>Comparing {list.length} runs</h1>
      </div>
      <div className="legend">
        {list.map((run) => (
          <Link key={run.id} to={`/experiments/${encodeURIComponent(run.experimentId)}/runs/${encodeURIComponent(run.id)}`} className="legend-item">
            <span className="swatch" style={{ background: colors.get(run.id) }} />
            {run.name}
            <StatusBadge status={run.status} />
          </Link>
        ))}
      </div>
      <h2 className="section-title">Metrics over time</h2>
      <CompareCharts runs={list} colors={colors} />
      <h2 className="section-title">Parameters</h2>
      <div className="card">
        <DiffTable runs={list} colors={colors} kind="params" />
      </div>
      <h2 className="section-title">Latest metrics</h2>
      <div className="card">
        <DiffTable runs={list} colors={colors} kind="metrics" />
      </div>
      <h2 className="section-title">Metric against parameter</h2>
      <div className="card">
        <CompareScatter runs={list} colors={colors} />
      </div>
    </section>
  );
}
