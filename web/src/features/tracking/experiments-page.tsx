import { useState, type FormEvent } from 'react';
import { createExperimentIn, listExperiments } from '../../api/registry-native-client.js';
import { NameAndProjectToolbar, useProjectParam } from '../../components/project-filter.js';
import { errorMessage } from '../../api/api-error.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatAgo, formatTime } from '../../lib/format.js';
import { useNameSearch } from '../../lib/use-name-search.js';
import { Link, navigate } from '../../router.js';


/** Creates in the project the list is filtered by, if any: that is where the user is looking. */
function CreateExperimentForm({ project }: { project: string }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const id = await createExperimentIn(name.trim(), project || null);
      navigate(`/experiments/${encodeURIComponent(id)}`);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <input value={name} onChange={(e) => setName(e.target.value)} placeholder={project ? `New experiment in ${project}` : 'New experiment name'} aria-label="New experiment name" />
      <button type="submit" disabled={busy || !name.trim()}>
        Create
      </button>
      {error ? <span className="inline-error">{error}</span> : null}
    </form>
  );
}

export function ExperimentsPage() {
  const [project, setProject] = useProjectParam();
  const { query, setQuery, items: experiments, nextToken, loading, error, loadMore } = useNameSearch(
    (options, signal) => listExperiments({ ...options, project: project || null }, signal),
    project,
  );

  return (
    <section>
      <div className="page-head">
        <h1>Experiments</h1>
        <CreateExperimentForm project={project} />
      </div>
      <NameAndProjectToolbar what="experiments" query={query} onQuery={setQuery} project={project} onProject={setProject} />
      {error ? <ErrorBox error={error} title="Could not load experiments" /> : null}
      {!error && !loading && experiments.length === 0 ? <Empty>No experiments{query || project ? ' match' : ' yet'}.</Empty> : null}
      {experiments.length > 0 ? (
        <table className="data-table experiments" aria-label="experiments">
          <thead>
            <tr>
              <th>Name</th>
              <th>Project</th>
              <th>ID</th>
              <th>Created</th>
              <th>Last updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {experiments.map((experiment) => (
              <tr key={experiment.id}>
                <td>
                  <Link to={`/experiments/${encodeURIComponent(experiment.id)}`} className="strong">
                    {experiment.name}
                  </Link>
                  {experiment.tags.get('mlflow.note.content') ? (
                    <div className="muted small">{experiment.tags.get('mlflow.note.content')}</div>
                  ) : null}
                </td>
                <td>
                  <span className="pill" data-testid="project-cell">{experiment.project}</span>
                </td>
                <td className="mono">{experiment.id}</td>
                <td title={formatTime(experiment.creationTime)}>{formatTime(experiment.creationTime)}</td>
                <td title={formatTime(experiment.lastUpdateTime)}>{formatAgo(experiment.lastUpdateTime)}</td>
                <td className="right">
                  <Link to={`/experiments/${encodeURIComponent(experiment.id)}`}>Runs →</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {loading ? <Spinner /> : null}
      {!loading && nextToken ? (
        <button className="load-more" onClick={loadMore}>
          Load more experiments
        </button>
      ) : null}
    </section>
  );
}
