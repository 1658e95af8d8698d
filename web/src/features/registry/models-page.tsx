import { listModels } from '../../api/registry-native-client.js';
import { NameAndProjectToolbar, useProjectParam } from '../../components/project-filter.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatAgo, formatTime } from '../../lib/format.js';
import { useNameSearch } from '../../lib/use-name-search.js';
import { Link } from '../../router.js';
import { AliasChips } from './alias-chips.js';


export function modelPath(name: string): string {
  return `/models/${encodeURIComponent(name)}`;
}

export function ModelsPage() {
  const [project, setProject] = useProjectParam();
  const { query, setQuery, items: models, nextToken, loading, error, loadMore } = useNameSearch(
    (options, signal) => listModels({ ...options, project: project || null }, signal),
    project,
  );

  return (
    <section>
      <div className="page-head">
        <h1>Models</h1>
      </div>
      <NameAndProjectToolbar what="models" query={query} onQuery={setQuery} project={project} onProject={setProject} />
      {error ? <ErrorBox error={error} title="Could not load models" /> : null}
      {!error && !loading && models.length === 0 ? <Empty>No registered models{query || project ? ' match' : ' yet'}.</Empty> : null}
      {models.length > 0 ? (
        <table className="data-table experiments" aria-label="registered models">
          <thead>
            <tr>
              <th>Name</th>
              <th>Project</th>
              <th>Latest version</th>
              <th>Aliases</th>
              <th>Last updated</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {models.map((model) => (
              <tr key={model.name}>
                <td>
                  <Link to={modelPath(model.name)} className="strong">
                    {model.name}
                  </Link>
                </td>
                <td>
                  <span className="pill" data-testid="project-cell">{model.project}</span>
                </td>
                <td>{model.latestVersion === null ? <span className="muted">—</span> : `Version ${model.latestVersion}`}</td>
                <td>
                  <AliasChips aliases={model.aliases} />
                </td>
                <td title={formatTime(model.lastUpdateTime)}>{formatAgo(model.lastUpdateTime)}</td>
                <td className="muted description-cell">{model.description || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {loading ? <Spinner /> : null}
      {!loading && nextToken ? (
        <button className="load-more" onClick={loadMore}>
          Load more models
        </button>
      ) : null}
    </section>
  );
}
