import { useState, type FormEvent } from 'react';
import { updateDeployment, type Deployment } from '../../api/deployment-client.js';
import { useAsync } from '../../lib/use-async.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import { modelNamesIn } from './deploy-access.js';
import { draftOf, draftProblem, specOf, type SpecDraft } from './spec-draft.js';
import { SpecFields } from './spec-fields.js';

/**
 * Edits the current revision's spec; Save makes a new revision. It sends the revision the page
 * loaded, so the server refuses to overwrite a change made since (INVALID_STATE).
 */
export function SpecEditor({ deployment, onSaved }: { deployment: Deployment; onSaved: (next: Deployment) => void }) {
  const [draft, setDraft] = useState<SpecDraft>(() => draftOf(deployment.current.spec));
  const [comment, setComment] = useState('');
  const models = useAsync((signal) => modelNamesIn(deployment.project, signal), [deployment.project]);
  const edit = useEdit();
  const problem = draftProblem(draft);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const spec = specOf(draft);
    // Filled in by the edit: useEdit answers only whether it went through.
    const out: { saved?: Deployment } = {};
    await edit.run(async () => {
      out.saved = await updateDeployment(deployment.name, { spec, expectedRevision: deployment.current.revision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    });
    if (out.saved) onSaved(out.saved);
  };

  return (
    <form className="card spec-form" aria-label="Edit deployment" onSubmit={(e) => void submit(e)}>
      <h2>Change the deployment</h2>
      <SpecFields draft={draft} onChange={setDraft} models={models.data ?? []} />
      <input className="grow" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why (optional, kept with the revision and in the audit trail)" aria-label="Change comment" />
      <div className="spec-row">
        <button className="primary" type="submit" disabled={edit.busy || problem !== null}>
          {edit.busy ? 'Saving…' : `Save as revision ${deployment.current.revision + 1}`}
        </button>
        <button type="button" onClick={() => setDraft(draftOf(deployment.current.spec))} disabled={edit.busy}>
          Reset
        </button>
        {problem ? <span className="muted small">{problem}</span> : null}
        <Refusal error={edit.error} />
      </div>
    </form>
  );
}
