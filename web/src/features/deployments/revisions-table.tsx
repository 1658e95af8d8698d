import { useState } from 'react';
import { rollbackDeployment, type Deployment, type DeploymentRevision } from '../../api/deployment-client.js';
import { formatTime } from '../../lib/format.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import { shadowSummary, trafficSummary } from './spec-draft.js';

/** Asks before rolling back: a rollback serves traffic at once. */
function RollbackConfirm({ name, revision, onDone, onCancel }: { name: string; revision: number; onDone: (d: Deployment) => void; onCancel: () => void }) {
  const [comment, setComment] = useState('');
  const edit = useEdit();
  const confirm = async () => {
    const out: { done?: Deployment } = {};
    await edit.run(async () => {
      out.done = await rollbackDeployment(name, { revision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    });
    if (out.done) onDone(out.done);
  };
  return (
    <div className="confirm inline-form" role="group" aria-label={`Confirm roll back to revision ${revision}`}>
      <span>Serve revision {revision}'s spec again, as a new revision?</span>
      <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Why (optional)" aria-label="Rollback comment" />
      <button className="danger" onClick={() => void confirm()} disabled={edit.busy}>
        {edit.busy ? 'Rolling back…' : 'Confirm roll back'}
      </button>
      <button onClick={onCancel} disabled={edit.busy}>
        Cancel
      </button>
      <Refusal error={edit.error} />
    </div>
  );
}

/** Every revision, newest first; any earlier one can be served again through a rollback. */
export function RevisionsTable({ name, revisions, current, canDeploy, onRolledBack }: { name: string; revisions: DeploymentRevision[]; current: number; canDeploy: boolean; onRolledBack: (d: Deployment) => void }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const newestFirst = [...revisions].sort((a, b) => b.revision - a.revision);
  return (
    <>
      <table className="data-table experiments" aria-label="deployment revisions">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Time</th>
            <th>Actor</th>
            <th>Comment</th>
            <th>Summary</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((r) => (
            <tr key={r.revision} data-testid={`revision-${r.revision}`}>
              <td>
                {r.revision} {r.revision === current ? <span className="pill">current</span> : null}
              </td>
              <td className="nowrap">{formatTime(r.time)}</td>
              <td>{r.actor}</td>
              <td className="description-cell">{r.comment || <span className="muted">—</span>}</td>
              <td className="mono">
                {trafficSummary(r.spec)}
                {r.spec.shadows.length > 0 ? <span className="muted"> shadow {shadowSummary(r.spec)}</span> : null}
              </td>
              <td>
                {canDeploy && r.revision !== current ? (
                  <button className="link-button" onClick={() => setConfirming(r.revision)} aria-label={`Roll back to revision ${r.revision}`}>
                    Roll back
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming !== null ? (
        <RollbackConfirm
          key={confirming}
          name={name}
          revision={confirming}
          onCancel={() => setConfirming(null)}
          onDone={(d) => {
            setConfirming(null);
            onRolledBack(d);
          }}
        />
      ) : null}
    </>
  );
}
