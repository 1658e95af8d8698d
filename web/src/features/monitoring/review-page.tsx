import { useState, type FormEvent } from 'react';
import { getDeployment, type LoggedTensor } from '../../api/deployment-client.js';
import { giveFeedback, reviewQueue, type Feedback, type ReviewItem } from '../../api/monitoring-client.js';
import { ErrorBox, Spinner } from '../../components/status.js';
import { formatNumber, formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';
import { Link } from '../../router.js';
import { useMe } from '../admin/session.js';
import { deploymentPath, predictionPath } from '../deployments/spec-draft.js';
import { Refusal, useEdit } from '../registry/refusal.js';
import { RecentFeedback } from './recent-feedback.js';
import { canReviewIn, monitoringPath } from './monitoring-access.js';
import './monitoring.css';

const queueSize = 20;
const shownValues = 24;

function tensorText(t: LoggedTensor): string {
  const values = t.data.slice(0, shownValues).map((v) => (typeof v === 'number' ? formatNumber(v) : String(v)));
  return `${t.name} [${t.shape.join('×')}]: ${values.join(', ')}${t.data.length > shownValues ? ` … (${t.data.length})` : ''}`;
}

/** Numbers go as numbers (regression targets, numeric classes); anything else as the class name. */
export function labelValue(text: string): string | number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

function ReviewCard({ item, canReview, onDone }: { item: ReviewItem; canReview: boolean; onDone: (f: Feedback) => void }) {
  const [label, setLabel] = useState('');
  const [comment, setComment] = useState('');
  const edit = useEdit();
  const value = labelValue(label);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let saved: Feedback | null = null;
    const ok = await edit.run(async () => {
      saved = await giveFeedback(item.id, { label: value, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    });
    if (ok && saved) onDone(saved);
  };
  return (
    <form className="card review-item" aria-label={`Review ${item.id}`} onSubmit={(e) => void submit(e)} data-testid="review-item">
      <div className="small">
        <Link to={predictionPath(item.id)} className="mono">
          {item.id}
        </Link>{' '}
        <span className="muted">
          {formatTime(item.time)} · {item.model}:{item.version}
          {item.uncertainty !== null ? ` · uncertainty ${formatNumber(item.uncertainty)}` : ''}
        </span>
      </div>
      <div className="small">
        <span className="muted">In:</span> {item.inputs.map(tensorText).join('; ')}
      </div>
      <div className="small" data-testid="review-outputs">
        <span className="muted">Out:</span> {item.outputs.map(tensorText).join('; ')}
      </div>
      {canReview ? (
        <div className="spec-row">
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="true label" aria-label={`Label for ${item.id}`} />
          <input className="grow" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="comment (optional)" aria-label={`Comment for ${item.id}`} />
          <button type="submit" disabled={edit.busy || (value === null && !comment.trim())}>
            Save label
          </button>
          <Refusal error={edit.error} />
        </div>
      ) : null}
    </form>
  );
}

/**
 * `/deployments/{name}/review`: recent predictions without feedback, the least certain first (or
 * a random sample), each with its inputs and outputs and a label + comment form.
 */
export function ReviewPage({ name }: { name: string }) {
  const [strategy, setStrategy] = useState<'uncertainty' | 'sample'>('uncertainty');
  const [reload, setReload] = useState(0);
  const [done, setDone] = useState<Feedback[]>([]);
  const queue = useAsync((signal) => reviewQueue(name, strategy, queueSize, signal), [name, strategy, reload]);
  const deployment = useAsync((signal) => getDeployment(name, signal), [name]);
  const me = useMe();
  // Until the deployment is read, offer the form: the server refuses a viewer's label anyway.
  const canReview = deployment.data ? canReviewIn(me, deployment.data.project) : true;
  const labelled = new Set(done.map((f) => f.predictionId));
  const open = (queue.data ?? []).filter((p) => !labelled.has(p.id));

  return (
    <section>
      <div className="crumbs">
        <Link to="/deployments">Deployments</Link> <span>/</span> <Link to={deploymentPath(name)}>{name}</Link> <span>/</span>
      </div>
      <div className="page-head">
        <h1>Review predictions</h1>
        <Link to={monitoringPath(name)}>Monitoring</Link>
      </div>
      <div className="section-tools">
        <select value={strategy} onChange={(e) => setStrategy(e.target.value as 'uncertainty' | 'sample')} aria-label="Review order">
          <option value="uncertainty">least certain first</option>
          <option value="sample">random sample</option>
        </select>
        <button onClick={() => setReload((n) => n + 1)}>Refresh queue</button>
      </div>
      {done.length > 0 ? (
        <div className="ok-text small" role="status" data-testid="labelled-count">
          {done.length} labelled in this session.
        </div>
      ) : null}
      {queue.status === 'error' ? <ErrorBox error={queue.error} title="Could not load the review queue" /> : null}
      {queue.status === 'loading' ? <Spinner label="Loading predictions to review…" /> : null}
      {queue.status === 'ok' && open.length === 0 ? <div className="empty small">Nothing to review: every recent logged prediction has feedback.</div> : null}
      {open.map((item) => (
        <ReviewCard key={item.id} item={item} canReview={canReview} onDone={(f) => setDone((d) => [f, ...d])} />
      ))}
      {!canReview ? <div className="muted small top-gap">Labelling needs the contributor role or above in the project.</div> : null}
      <h2 className="section-title">Recent feedback</h2>
      <RecentFeedback name={name} refresh={done.length} />
    </section>
  );
}
