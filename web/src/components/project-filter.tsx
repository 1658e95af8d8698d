import { listProjects } from '../api/admin-client.js';
import { useAsync } from '../lib/use-async.js';
import { replaceQuery, useLocation } from '../router.js';

/** The project a list is filtered by, kept in the URL (`?project=`) so a filtered list can be shared; '' for all. */
export function useProjectParam(): [string, (project: string) => void] {
  const { search } = useLocation();
  return [search.get('project') ?? '', (project) => replaceQuery({ project: project || null })];
}

/** A select of the projects the caller can read; hidden when the server cannot list them. */
export function ProjectFilter({ value, onChange }: { value: string; onChange: (project: string) => void }) {
  const projects = useAsync((signal) => listProjects(signal), []);
  if (projects.status === 'error') return null;
  const names = projects.status === 'ok' ? projects.data.map((p) => p.name) : [];
  // A project named in the URL stays selectable before (or without) the list arriving.
  if (value && !names.includes(value)) names.push(value);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Filter by project">
      <option value="">All projects</option>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** The toolbar of a list searched by name within a project: the search box and the project select. */
export function NameAndProjectToolbar(props: { what: string; query: string; onQuery: (query: string) => void; project: string; onProject: (project: string) => void }) {
  const label = `Search ${props.what} by name`;
  return (
    <div className="toolbar">
      <input type="search" className="grow" value={props.query} onChange={(e) => props.onQuery(e.target.value)} placeholder={label} aria-label={label} />
      <ProjectFilter value={props.project} onChange={props.onProject} />
    </div>
  );
}
