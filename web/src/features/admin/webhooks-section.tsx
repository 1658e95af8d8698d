import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error.js';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, pingWebhook, type Webhook } from '../../api/webhook-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { useAsync } from '../../lib/use-async.js';

function Deliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useAsync((signal) => listDeliveries(webhook.id, signal), [webhook.id]);
  if (deliveries.status === 'loading') return <Spinner label="Loading deliveries…" />;
  if (deliveries.status === 'error') return <ErrorBox error={deliveries.error} title="Could not load deliveries" />;
  if (deliveries.data.length === 0) return <div className="muted small">No deliveries yet.</div>;
  return (
    <table className="data-table" aria-label={`deliveries of webhook ${webhook.id}`}>
      <thead>
        <tr>
          <th>Event</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Last answer</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.data.map((d) => {
          const last = d.history.at(-1);
          return (
            <tr key={d.id}>
              <td className="mono small">
                {d.action} {d.resourceId}
              </td>
              <td>
                <span className={`badge ${d.status === 'delivered' ? 'check-pass' : d.status === 'failed' ? 'check-fail' : ''}`}>{d.status}</span>
              </td>
              <td>{d.attempts}</td>
              <td className="small">{last ? (last.error ?? `HTTP ${last.responseStatus ?? '—'}`) : '—'}</td>
              <td>{formatTime(d.createdTime)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function WebhookRow({ webhook, canManage, onDeleted }: { webhook: Webhook; canManage: boolean; onDeleted: () => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const act = async (action: () => Promise<string | null>) => {
    setNote(null);
    try {
      setNote(await action());
    } catch (e) {
      setNote(errorMessage(e));
    }
  };
  const ping = () =>
    act(async () => {
      const result = await pingWebhook(webhook.id);
      return result.ok ? `test delivered (HTTP ${result.responseStatus ?? '—'}, ${result.durationMs} ms)` : `test failed: ${result.error ?? `HTTP ${result.responseStatus ?? '—'}`}`;
    });
  const remove = () =>
    act(async () => {
      await deleteWebhook(webhook.id);
      onDeleted();
      return null;
    });
  return (
    <>
      <tr>
        <td className="mono small wrap">{webhook.url}</td>
        <td className="mono small">{webhook.events.join(', ')}</td>
        <td className="muted">{webhook.description || '—'}</td>
        <td className="small">
          {webhook.createdBy} · {formatTime(webhook.createdTime)}
        </td>
        <td className="right nowrap">
          <button className="link-button" onClick={() => setOpen(!open)}>
            {open ? 'Hide deliveries' : 'Deliveries'}
          </button>
          {canManage ? (
            <>
              <button className="link-button" onClick={() => void ping()}>
                Send test
              </button>
              <button className="link-button" onClick={() => void remove()}>
                Delete
              </button>
            </>
          ) : null}
          {note ? <div className="small">{note}</div> : null}
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={5}>
            <Deliveries webhook={webhook} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** Webhooks that POST the project's audit events (models, versions, promotions by default) to other systems. */
export function WebhooksSection({ project, canManage }: { project: string; canManage: boolean }) {
  const [reload, setReload] = useState(0);
  const webhooks = useAsync((signal) => listWebhooks(project, signal), [project, reload]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const patterns = events.split(',').map((e) => e.trim()).filter(Boolean);
      const created = await createWebhook(project, {
        url: url.trim(),
        ...(patterns.length > 0 ? { events: patterns } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setSecret(created.secret);
      setUrl('');
      setEvents('');
      setDescription('');
      setReload((n) => n + 1);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <>
      {canManage ? (
        <form className="toolbar" onSubmit={(e) => void submit(e)} aria-label="New webhook">
          <input className="grow" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://ci.example/hooks/cairn" aria-label="Webhook URL" />
          <input value={events} onChange={(e) => setEvents(e.target.value)} placeholder="model.*, promotion.* (default)" aria-label="Webhook events" />
          <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Description" aria-label="Webhook description" />
          <button type="submit" disabled={!url.trim()}>
            Add webhook
          </button>
          {error ? <span className="inline-error" role="alert">{error}</span> : null}
        </form>
      ) : null}
      {secret ? (
        <div className="note secret" role="status">
          <div className="strong">Signing secret — copy it now, it will not be shown again.</div>
          <code className="secret-value">{secret}</code>
          <div className="muted small">Every delivery carries an X-Cairn-Signature made with it.</div>
          <button className="link-button" onClick={() => setSecret(null)}>
            Done
          </button>
        </div>
      ) : null}
      {webhooks.status === 'loading' ? <Spinner label="Loading webhooks…" /> : null}
      {webhooks.status === 'error' ? <ErrorBox error={webhooks.error} title="Could not load webhooks" /> : null}
      {webhooks.status === 'ok' && webhooks.data.length === 0 ? <Empty>No webhooks.</Empty> : null}
      {webhooks.status === 'ok' && webhooks.data.length > 0 ? (
        <table className="data-table experiments" aria-label="webhooks">
          <thead>
            <tr>
              <th>URL</th>
              <th>Events</th>
              <th>Description</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {webhooks.data.map((w) => (
              <WebhookRow key={w.id} webhook={w} canManage={canManage} onDeleted={() => setReload((n) => n + 1)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
