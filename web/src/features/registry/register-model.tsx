import { useEffect, useState, type FormEvent } from 'react';
import { listProjects } from '../../api/admin-client.js';
import { getExperimentProject, listModelChoices, registerRunArtifacts, runSource } from '../../api/model-registration-client.js';
import type { ArtifactEntry, Run } from '../../api/tracking-model.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { useMe } from '../admin/session.js';
import { Refusal, useEdit } from './refusal.js';
import { canWriteIn, canWriteSomewhere, writableProjects } from './write-access.js';

const newModel = '';

/**
 * "Register model" on a run's artifacts: the picked folder or file becomes a new version of an
 * existing model, or the first version of a new one, through the native API. Offered only to those
 * who may write somewhere; the server still checks the model's project.
 */
export function RegisterModelAction({ run, picked }: { run: Run; picked: ArtifactEntry | null }) {
  const me = useMe();
  const [open, setOpen] = useState(false);
  if (!canWriteSomewhere(me)) return null;
  return (
    <div className="register-model">
      {open ? (
        <RegisterModelForm run={run} picked={picked} onClose={() => setOpen(false)} />
      ) : (
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Register model
        </button>
      )}
    </div>
  );
}

function RegisterModelForm({ run, picked, onClose }: { run: Run; picked: ArtifactEntry | null; onClose: () => void }) {
  const me = useMe();
  const models = useAsync((signal) => listModelChoices(signal), []);
  const projects = useAsync((signal) => listProjects(signal), []);
  const runProject = useAsync((signal) => getExperimentProject(run.experimentId, signal), [run.experimentId]);
  // Models in projects where the caller may not write are left out rather than refused later.
  const choices = (models.data ?? []).filter((m) => canWriteIn(me, m.project));
  const projectChoices = writableProjects(me, (projects.data ?? []).map((p) => p.name));

  const [model, setModel] = useState(newModel);
  const [name, setName] = useState('');
  const [project, setProject] = useState('');
  const [registered, setRegistered] = useState<{ model: string; version: number } | null>(null);
  const edit = useEdit();

  // A new model goes to the run's own project when the caller may write there, else the first writable one.
  useEffect(() => {
    if (project || projectChoices.length === 0 || runProject.status === 'loading') return;
    const home = runProject.data;
    setProject(home && projectChoices.includes(home) ? home : (projectChoices[0] ?? ''));
  }, [project, projectChoices, runProject.status, runProject.data]);

  const path = picked?.path ?? null;
  const creating = model === newModel;
  const target = creating ? name.trim() : model;
  const ready = path !== null && target !== '' && (!creating || project !== '') && !edit.busy;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setRegistered(null);
    let version = 0;
    const ok = await edit.run(async () => {
      version = await registerRunArtifacts({ runId: run.id, path, model: target, ...(creating ? { newModelProject: project } : {}) });
    });
    if (ok) setRegistered({ model: target, version });
  };

  return (
    <form className="card register-form" aria-label="Register model" onSubmit={(e) => void submit(e)}>
      <h3>Register model</h3>
      <p className="muted small">
        {path === null ? 'Pick a folder or file in the tree below.' : 'Source '}
        {path === null ? null : <code data-testid="register-source">{runSource(run.id, path)}</code>}
      </p>
      <div className="toolbar">
        <label className="check-label">
          Model
          <select value={model} onChange={(e) => setModel(e.target.value)} aria-label="Registered model">
            <option value={newModel}>Create new model…</option>
            {choices.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} ({m.project})
              </option>
            ))}
          </select>
        </label>
        {creating ? (
          <>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="New model name" aria-label="New model name" />
            <label className="check-label">
              in project
              <select value={project} onChange={(e) => setProject(e.target.value)} aria-label="Project of the new model">
                {projectChoices.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
        <button className="primary" type="submit" disabled={!ready}>
          {edit.busy ? 'Registering…' : 'Register'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {/* The pickers' own loading failures, then the registration's refusal. */}
      <Refusal error={models.error ?? projects.error ?? null} />
      <Refusal error={edit.error} />
      {registered ? (
        <p role="status" data-testid="registered-version">
          Registered{' '}
          <Link to={`/models/${encodeURIComponent(registered.model)}`}>
            {registered.model} version {registered.version}
          </Link>
        </p>
      ) : null}
    </form>
  );
}
