import { useCallback, useMemo, useState } from 'react';
import { getExperiment } from '../../api/mlflow-client.js';
import { ApiError } from '../../api/api-error.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link, navigate, replaceQuery, useLocation } from '../../router.js';
import { ColumnPicker } from './column-picker.js';
import { FilterBar } from './filter-bar.js';
import type { Column, ColumnChoice } from './run-columns.js';
import { defaultChoice, loadColumnChoice, orderByClause, parseSort, saveColumnChoice, sortParam, visibleColumns } from './run-columns.js';
import { RunsTable } from './runs-table.js';
import { useRunPages } from './use-run-pages.js';

const maxCompare = 100;

function FilterError({ error }: { error: unknown }) {
  const badFilter = error instanceof ApiError && error.status === 400;
  return (
    <ErrorBox
      error={error}
      title={badFilter ? `The filter was not understood${error instanceof ApiError ? ` (${error.errorCode})` : ''}` : 'Could not load runs'}
    />
  );
}

export function RunsPage({ experimentId }: { experimentId: string }) {
  const { search } = useLocation();
  const filter = search.get('filter') ?? '';
  const sort = parseSort(search.get('order'));
  // Keyed on the two fields: `sort` is a new object every render, and a new array would refetch.
  const orderBy = useMemo(() => orderByClause(sort), [sort.key, sort.descending]);
  const experiment = useAsync((signal) => getExperiment(experimentId, signal), [experimentId]);
  const pages = useRunPages(experimentId, filter, orderBy);
  const [savedChoice, setSavedChoice] = useState<ColumnChoice | null>(() => loadColumnChoice(experimentId));
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const choice = useMemo(
    () => savedChoice ?? defaultChoice(pages.metricKeys, pages.paramKeys),
    [savedChoice, pages.metricKeys, pages.paramKeys],
  );
  const columns = useMemo(() => visibleColumns(choice), [choice]);

  const chooseColumns = (next: ColumnChoice | null) => {
    setSavedChoice(next);
    if (next) saveColumnChoice(experimentId, next);
    else window.localStorage.removeItem(`cairn.runs.columns.${experimentId}`);
  };
  const onSort = useCallback(
    (column: Column) => {
      if (!column.sortKey) return;
      // Numbers and times are most often wanted biggest/newest first; names alphabetically.
      const descending = column.sortKey === sort.key ? !sort.descending : column.kind === 'metric' || column.key === 'start_time';
      replaceQuery({ order: sortParam({ key: column.sortKey, descending }) });
    },
    [sort.key, sort.descending],
  );
  const toggle = useCallback((runId: string) => {
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });
  }, []);
  const clearSelection = useCallback(() => setSelected(new Set()), []);

  if (experiment.status === 'error') return <ErrorBox error={experiment.error} title={`Experiment ${experimentId} could not be loaded`} />;

  const compareIds = [...selected];
  return (
    <section className="runs-page">
      <div className="crumbs">
        <Link to="/">Experiments</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>{experiment.data?.name ?? '…'}</h1>
        <span className="muted">
          ID <span className="mono">{experimentId}</span>
          {experiment.data ? ` · created ${formatTime(experiment.data.creationTime)}` : ''}
        </span>
      </div>
      <div className="toolbar">
        <FilterBar applied={filter} onApply={(text) => replaceQuery({ filter: text })} />
        <ColumnPicker
          choice={choice}
          metricKeys={pages.metricKeys}
          paramKeys={pages.paramKeys}
          tagKeys={pages.tagKeys}
          onChange={chooseColumns}
          onReset={() => chooseColumns(null)}
        />
        <button
          type="button"
          className="primary"
          disabled={compareIds.length < 2 || compareIds.length > maxCompare}
          title={compareIds.length < 2 ? 'Tick two or more runs to compare them' : `Compare ${compareIds.length} runs`}
          onClick={() => navigate(`/compare?runs=${compareIds.map(encodeURIComponent).join(',')}`)}
        >
          Compare{compareIds.length ? ` (${compareIds.length})` : ''}
        </button>
      </div>
      {pages.error ? <FilterError error={pages.error} /> : null}
      {!pages.error && !pages.loading && pages.runs.length === 0 ? (
        <Empty>
          {filter ? (
            'No runs match this filter.'
          ) : (
            <>
              No runs in this experiment yet. Log one from Python:
              <pre className="snippet">{`import mlflow
mlflow.set_tracking_uri("${window.location.origin}")
mlflow.set_experiment("${experiment.data?.name ?? ''}")
with mlflow.start_run():
    mlflow.log_metric("loss", 0.5)`}</pre>
            </>
          )}
        </Empty>
      ) : null}
      {pages.runs.length > 0 ? (
        <RunsTable
          runs={pages.runs}
          columns={columns}
          sort={sort}
          onSort={onSort}
          selected={selected}
          onToggle={toggle}
          onClearSelection={clearSelection}
          hasMore={pages.hasMore}
          generation={pages.generation}
          loading={pages.loading}
          onNeedMore={pages.loadMore}
        />
      ) : null}
      <div className="table-foot">
        {pages.loading ? <Spinner label={pages.runs.length ? 'Loading more runs…' : 'Loading runs…'} /> : null}
        {!pages.loading && pages.runs.length > 0 ? (
          <span className="muted" data-testid="run-count">
            {pages.runs.length.toLocaleString()} run{pages.runs.length === 1 ? '' : 's'}
            {pages.hasMore ? ' loaded, more below' : filter ? ' match' : ''}
          </span>
        ) : null}
        {!pages.loading && pages.hasMore ? (
          <button type="button" className="link-button" onClick={pages.loadMore}>
            Load more
          </button>
        ) : null}
      </div>
    </section>
  );
}
