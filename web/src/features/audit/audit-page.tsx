import { useState, type FormEvent } from 'react';
import { searchAudit, type AuditFilter } from '../../api/audit-client.js';
import { Empty, ErrorBox, Spinner } from '../../components/status.js';
import { formatTime } from '../../lib/format.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { replaceQuery, useLocation } from '../../router.js';
import { useMe } from '../admin/session.js';
import { AuditTable } from './audit-table.js';
import { ChainStatus } from './chain-status.js';

const pageSize = 50;
const textKeys = ['resourceType', 'resourceId', 'actor', 'action', 'project'] as const;
const resourceTypes = ['experiment', 'run', 'artifact', 'model', 'model_version', 'model_card', 'project', 'user', 'token', 'member', 'policy', 'promotion', 'webhook'];

/** `datetime-local` speaks local wall time without a zone; the API wants epoch milliseconds. */
function toMillis(local: string): number | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

function filterFrom(search: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of textKeys) {
    const value = search.get(key);
    if (value) filter[key] = value;
  }
  const from = toMillis(search.get('from') ?? '');
  const to = toMillis(search.get('to') ?? '');
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  return filter;
}

function Filters({ search, project }: { search: URLSearchParams; project: string }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => ({
    ...Object.fromEntries([...textKeys, 'from', 'to'].map((k) => [k, search.get(k) ?? ''])),
    project,
  }));
  const field = (key: string) => ({ value: draft[key] ?? '', onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }) });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    replaceQuery(draft);
  };
  const clear = () => {
    const empty = Object.fromEntries(Object.keys(draft).map((k) => [k, '']));
    setDraft(empty);
    replaceQuery(Object.fromEntries(Object.keys(draft).map((k) => [k, null])));
  };
  return (
    <form className="filter-grid" onSubmit={apply} aria-label="Audit filters">
      <label className="field">
        Resource type
        <input list="audit-resource-types" {...field('resourceType')} placeholder="any" />
        <datalist id="audit-resource-types">
          {resourceTypes.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label className="field">
        Resource id
        <input {...field('resourceId')} placeholder="e.g. fraud/3" />
      </label>
      <label className="field">
        Actor
        <input {...field('actor')} placeholder="user name" />
      </label>
      <label className="field">
        Action
        <input {...field('action')} placeholder="promotion. or model.alias.set" />
      </label>
      <label className="field">
        Project
        <input {...field('project')} placeholder="any" />
      </label>
      <label className="field">
        From
        <input type="datetime-local" {...field('from')} />
      </label>
      <label className="field">
        To
        <input type="datetime-local" {...field('to')} />
      </label>
      <div className="inline-form filter-actions">
        <button className="primary" type="submit">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** Who changed what, newest first, filtered and paged; with the hash chain's status above. */
export function AuditPage() {
  const { search } = useLocation();
  const me = useMe();
  const filter = filterFrom(search);
  // Only installation admins may list every project's events; others look at one of theirs.
  const defaultProject = me.isAdmin ? undefined : me.projects[0];
  if (!filter.project && defaultProject) filter.project = defaultProject;
  const key = JSON.stringify(filter);
  const { items: events, nextToken, loading, error, loadMore } = usePagedList((pageToken, signal) => searchAudit(filter, pageToken, pageSize, signal), key);

  return (
    <section>
      <div className="page-head">
        <h1>Audit log</h1>
        <span className="muted small">Every state change, in one hash chain. Newest first.</span>
      </div>
      {me.isAdmin ? <ChainStatus /> : <div className="note small">Only installation admins can verify the hash chain and list every project; you see one project at a time.</div>}
      <Filters key={key} search={search} project={filter.project ?? ''} />
      {error ? <ErrorBox error={error} title="Could not load audit events" /> : null}
      {!error && !loading && events.length === 0 ? <Empty>No audit events match.</Empty> : null}
      {events.length > 0 ? <AuditTable events={events} /> : null}
      {loading ? <Spinner label="Loading audit events…" /> : null}
      {!loading && nextToken ? (
        <button className="load-more" onClick={loadMore}>
          Load older events
        </button>
      ) : null}
      {!loading && !nextToken && events.length > 0 ? (
        <div className="muted small table-note">
          {events.length} event{events.length === 1 ? '' : 's'}, oldest {formatTime(events.at(-1)?.time ?? null)}.
        </div>
      ) : null}
    </section>
  );
}
