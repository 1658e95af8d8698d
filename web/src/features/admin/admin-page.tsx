import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { createProject, listProjects } from '../../api/admin-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { useAsync } from '../../lib/use-async.js';
import { Link, navigate } from '../../router.js';
import { useMe, useSession } from './session.js';
import { TokensSection } from './tokens-section.js';
import { UsersSection } from './users-section.js';

export function projectPath(name: string): string {
  return `/admin/projects/${encodeURIComponent(name)}`;
}

function NewProject() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const project = await createProject({ name: name.trim(), description: description.trim() });
      navigate(projectPath(project.name));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="New project">
      <input value={name} onChange={(e) => setName(e.target.value)} placeholder="New project name" aria-label="New project name" />
      <input className="grow" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Description" aria-label="New project description" />
      <button type="submit" disabled={!name.trim()}>
        Create project
      </button>
      {error ? <span className="inline-error" role="alert">{error}</span> : null}
    </form>
  );
}

function Memberships() {
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.me : null;
  if (!me) return null;
  return (
    <div className="card">
      <h2>You</h2>
      <dl className="info-grid">
        <div>
          <dt>User</dt>
          <dd>
            {me.user.displayName || me.user.name} <span className="muted mono small">{me.user.name}</span>
          </dd>
        </div>
        <div>
          <dt>Installation admin</dt>
          <dd>{me.user.isAdmin ? 'yes' : 'no'}</dd>
        </div>
        <div>
          <dt>Authentication</dt>
          <dd>{me.authEnabled ? 'on' : 'off (local admin)'}</dd>
        </div>
        <div className="wide">
          <dt>Project roles</dt>
          <dd>{me.memberships.length === 0 ? <span className="muted">none</span> : me.memberships.map((m) => `${m.project}: ${m.role}`).join(' · ')}</dd>
        </div>
      </dl>
    </div>
  );
}

/** Projects, users (installation admins only) and the caller's own API tokens. */
export function AdminPage() {
  const me = useMe();
  const projects = useAsync((signal) => listProjects(signal), []);
  return (
    <section>
      <div className="page-head">
        <h1>Admin</h1>
      </div>
      <Memberships />
      <h2 className="section-title">Projects</h2>
      {me.isAdmin ? <NewProject /> : null}
      {projects.status === 'loading' ? <Spinner label="Loading projects…" /> : null}
      {projects.status === 'error' ? <ErrorBox error={projects.error} title="Could not load projects" /> : null}
      {projects.status === 'ok' && projects.data.length === 0 ? <Empty>No projects you can see.</Empty> : null}
      {projects.status === 'ok' && projects.data.length > 0 ? (
        <table className="data-table experiments" aria-label="projects">
          <thead>
            <tr>
              <th>Name</th>
              <th>Your role</th>
              <th>Protected aliases</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {projects.data.map((p) => (
              <tr key={p.name}>
                <td>
                  <Link to={projectPath(p.name)} className="strong">
                    {p.name}
                  </Link>
                </td>
                <td>{me.roleIn(p.name) ?? <span className="muted">—</span>}</td>
                <td className="mono small">{p.protectedAliases.length ? p.protectedAliases.map((a) => `@${a}`).join(' ') : <span className="muted">—</span>}</td>
                <td className="muted description-cell">{p.description || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {me.isAdmin ? (
        <>
          <h2 className="section-title">Users</h2>
          <UsersSection />
        </>
      ) : null}
      {me.authEnabled ? (
        <>
          <h2 className="section-title">Your API tokens</h2>
          <TokensSection />
        </>
      ) : null}
    </section>
  );
}
