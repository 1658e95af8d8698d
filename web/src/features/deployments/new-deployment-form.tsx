import { useEffect, useState, type FormEvent } from 'react';
import { listProjects } from '../../api/admin-client.js';
import { createDeployment } from '../../api/deployment-client.js';
import { useAsync } from '../../lib/use-async.js';
import { navigate } from '../../router.js';
import { useMe } from '../admin/session.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import { deployableProjects, modelNamesIn } from './deploy-access.js';
import { deploymentPath, draftProblem, emptyDraft, specOf, type SpecDraft } from './spec-draft.js';
import { SpecFields } from './spec-fields.js';

/** Creates a deployment (its revision 1) and opens it. */
export function NewDeploymentForm({ initialProject, onCancel }: { initialProject: string; onCancel: () => void }) {
  const me = useMe();
  const projects = useAsync((signal) => listProjects(signal), []);
  const allowed = projects.status === 'ok' ? deployableProjects(me, projects.data.map((p) => p.name)) : [];
  const [name, setName] = useState('');
  const [project, setProject] = useState(initialProject || 'default');
  const [comment, setComment] = useState('');
  const [draft, setDraft] = useState<SpecDraft>(emptyDraft());
  const models = useAsync((signal) => modelNamesIn(project, signal), [project]);
  // Start from the project's first model, as long as the user has not typed one.
  useEffect(() => {
    const first = models.data?.[0];
    if (!first) return;
    setDraft((d) => {
      const row = d.versions[0];
      if (d.versions.length !== 1 || !row || row.model) return d;
      return { ...d, versions: [{ ...row, model: first }], alias: { ...d.alias, model: d.alias.model || first } };
    });
  }, [models.data]);
  const edit = useEdit();
  const problem = draftProblem(draft);
  // A project from the URL stays selectable before (or without) the list arriving.
  const options = allowed.includes(project) ? allowed : [project, ...allowed];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const spec = specOf(draft);
    const done = await edit.run(() => createDeployment({ name: name.trim(), project, spec, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    if (done) navigate(deploymentPath(name.trim()));
  };

  return (
    <form className="card spec-form" aria-label="New deployment" onSubmit={(e) => void submit(e)}>
      <h2>New deployment</h2>
      <div className="spec-row">
        <label className="field">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="churn" aria-label="Deployment name" required />
        </label>
        <label className="field">
          Project
          <select value={project} onChange={(e) => setProject(e.target.value)} aria-label="Deployment project">
            {options.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      </div>
      <SpecFields draft={draft} onChange={setDraft} models={models.data ?? []} />
      <input className="grow" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why (optional, kept with the revision)" aria-label="Deployment comment" />
      <div className="spec-row">
        <button className="primary" type="submit" disabled={edit.busy || !name.trim() || problem !== null}>
          {edit.busy ? 'Creating…' : 'Create deployment'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {problem ? <span className="muted small">{problem}</span> : null}
        <Refusal error={edit.error} />
      </div>
    </form>
  );
}
