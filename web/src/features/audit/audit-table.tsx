import { Fragment, useState } from 'react';
import type { AuditEvent } from '../../api/audit-client.js';
import { formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';

function summary(details: Record<string, unknown>): string {
  const text = JSON.stringify(details);
  return text === '{}' ? '' : text.length > 140 ? `${text.slice(0, 139)}…` : text;
}

/** Links an event's resource to its page where the UI has one. */
function ResourceLink({ event }: { event: AuditEvent }) {
  const id = event.resourceId;
  if (event.resourceType === 'model' || event.resourceType === 'model_card') return <Link to={`/models/${encodeURIComponent(id)}`}>{id}</Link>;
  if (event.resourceType === 'model_version') {
    const name = id.slice(0, id.lastIndexOf('/'));
    return name ? <Link to={`/models/${encodeURIComponent(name)}`}>{id}</Link> : <>{id}</>;
  }
  if (event.resourceType === 'promotion') return <Link to={`/approvals/${encodeURIComponent(id)}`}>#{id}</Link>;
  if (event.resourceType === 'experiment') return <Link to={`/experiments/${encodeURIComponent(id)}`}>{id}</Link>;
  if (event.resourceType === 'project') return <Link to={`/admin/projects/${encodeURIComponent(id)}`}>{id}</Link>;
  return <span className="mono">{id}</span>;
}

export function AuditTable({ events }: { events: AuditEvent[] }) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="h-scroll">
      <table className="data-table experiments audit-table" aria-label="audit events">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Resource</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <Fragment key={e.seq}>
              <tr className="audit-row" onClick={() => setOpen(open === e.seq ? null : e.seq)}>
                <td className="mono muted">{e.seq}</td>
                <td className="nowrap">{formatTime(e.time)}</td>
                <td className="strong">{e.actor}</td>
                <td className="mono">{e.action}</td>
                <td>
                  <span className="muted small">{e.resourceType}</span> <ResourceLink event={e} />
                </td>
                <td className="mono small audit-details">{summary(e.details)}</td>
              </tr>
              {open === e.seq ? (
                <tr className="audit-expanded">
                  <td colSpan={6}>
                    <dl className="info-grid">
                      <div>
                        <dt>Request</dt>
                        <dd className="mono small">{e.requestId ?? '—'}</dd>
                      </div>
                      <div>
                        <dt>Project</dt>
                        <dd>{e.project ?? e.projectId ?? '—'}</dd>
                      </div>
                      <div className="wide">
                        <dt>Digest</dt>
                        <dd className="mono small">{e.digest}</dd>
                      </div>
                      <div className="wide">
                        <dt>Hash (previous → this)</dt>
                        <dd className="mono small">
                          {e.prevHash.slice(0, 16)}… → {e.hash}
                        </dd>
                      </div>
                      <div className="wide">
                        <dt>Details</dt>
                        <dd>
                          <pre className="preview-text json">{JSON.stringify(e.details, null, 2)}</pre>
                        </dd>
                      </div>
                    </dl>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
