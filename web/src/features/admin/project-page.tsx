import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { getProject, updateProject, type Project } from '../../api/admin-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { useAsync, useLatestData } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { MembersSection } from './members-section.js';
import { PoliciesSection } from './policies-section.js';
import { useMe } from './session.js';
import { WebhooksSection } from './webhooks-section.js';

/** Aliases that only a promotion request may move (direct alias edits are refused). */
function ProtectedAliases({ project, canManage, onSaved }: { project: Project; canManage: boolean; onSaved: (p: Project) => void }) {
  const [alias, setAlias] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (aliases: string[]) => {
    setError(null);
    try {
      onSaved(await updateProject(project.name, { protectedAliases: aliases }));
      setAlias('');
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = alias.trim().replace(/^@/, '');
    if (name && !project.protectedAliases.includes(name)) void save([...project.protectedAliases, name]);
  };
  return (
    <div className="card">
      <h2>Protected aliases</h2>
      <p className="muted small">Moving these needs an approved promotion request.</p>
      <div className="chips protected-aliases">
        {project.protectedAliases.length === 0 ? <span className="muted">none</span> : null}
        {project.protectedAliases.map((a) => (
          <span key={a} className="chip">
            <span className="chip-name">@{a}</span>
            {canManage ? (
              <button className="chip-remove" aria-label={`Unprotect ${a}`} onClick={() => void save(project.protectedAliases.filter((x) => x !== a))}>
                ×
              </button>
            ) : null}
          </span>
        ))}
      </div>
      {canManage ? (
        <form className="inline-form top-gap" onSubmit={add}>
          <input value={alias} onChange={(e) => setAlias(e.target.value)} placeholder="alias" aria-label="Alias to protect" />
          <button type="submit" disabled={!alias.trim()}>
            Protect
          </button>
        </form>
      ) : null}
      {error ? <div className="inline-error" role="alert">{error}</div> : null}
    </div>
  );
}

function Description({ project, canManage, onSaved }: { project: Project; canManage: boolean; onSaved: (p: Project) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(project.description);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      onSaved(await updateProject(project.name, { description: text.trim() }));
      setEditing(false);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="card">
      <h2>Description</h2>
      {editing ? (
        <div className="inline-form">
          <input className="grow" value={text} onChange={(e) => setText(e.target.value)} aria-label="Project description" />
          <button className="primary" onClick={() => void save()}>
            Save
          </button>
          <button onClick={() => setEditing(false)}>Cancel</button>
        </div>
      ) : (
        <p className="wrap">
          {project.description || <span className="muted">No description.</span>}{' '}
          {canManage ? (
            <button className="link-button" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
        </p>
      )}
      {error ? <div className="inline-error" role="alert">{error}</div> : null}
    </div>
  );
}

/** One project: its description, protected aliases, members with roles, and promotion policies per risk tier. */
export function ProjectPage({ project: name }: { project: string }) {
  const me = useMe();
  const [saved, setSaved] = useState<Project | null>(null);
  const loaded = useAsync((signal) => getProject(name, signal), [name]);
  const latest = useLatestData(loaded);
  const project = saved ?? latest;
  const canManage = me.roleIn(name) === 'admin';

  return (
    <section>
      <div className="crumbs">
        <Link to="/admin">Admin</Link> <span>/</span> projects <span>/</span>
      </div>
      <div className="page-head">
        <h1>{name}</h1>
        {project && !canManage ? <span className="muted small">read only: managing needs the project's admin role</span> : null}
        <Link to={`/audit?project=${encodeURIComponent(name)}`} className="small">
          Audit trail
        </Link>
      </div>
      {loaded.status === 'loading' && !project ? <Spinner label="Loading project…" /> : null}
      {loaded.status === 'error' ? <ErrorBox error={loaded.error} title={`Project ${name} could not be loaded`} /> : null}
      {project ? (
        <>
          <div className="two-col">
            <Description project={project} canManage={canManage} onSaved={setSaved} />
            <ProtectedAliases project={project} canManage={canManage} onSaved={setSaved} />
          </div>
          <h2 className="section-title">Members</h2>
          <MembersSection project={name} canManage={canManage} />
          <h2 className="section-title">Promotion policies per risk tier</h2>
          <PoliciesSection project={name} canManage={canManage} />
          {canManage ? (
            <>
              <h2 className="section-title">Webhooks</h2>
              <WebhooksSection project={name} canManage={canManage} />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
