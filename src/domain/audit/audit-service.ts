import type { Authorizer } from '../access/authorizer.js';
import type { ProjectLookup } from '../access/project-lookup.js';
import { invalidArgument, notFound } from '../errors.js';
import { genesisHash } from './audit-event.js';
import { eventHash } from './audit-hash.js';
import type { AuditQuery, AuditStore, ListedAuditEvent, StoredAuditEvent } from './audit-store.js';

export const auditLimits = {
  defaultMaxResults: 100,
  maxResults: 1000,
  /** Events read per query while verifying: large enough to amortise a query, small enough for memory. */
  verifyPageSize: 10_000,
  filterLength: 1000,
} as const;

/** A listing request as the APIs receive it; the project is named, times are epoch milliseconds (inclusive). */
export interface AuditFilter {
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  /** An exact action (`model.alias.set`), or a prefix ending in `.` or `.*` (`model.`, `model_version.*`). */
  action?: string;
  project?: string;
  from?: number;
  to?: number;
  maxResults?: number;
  pageToken?: string;
}

export interface AuditPage {
  events: ListedAuditEvent[];
  nextPageToken?: string;
}

/** The outcome of checking the whole chain. */
export interface ChainReport {
  ok: boolean;
  /** Events whose links were checked and found intact, from the first one on. */
  checked: number;
  /** The chain head's seq when the check started; events appended since are not checked. */
  headSeq: number;
  /** The first event found broken, and how. */
  firstBroken?: { seq: number; reason: string };
}

export interface AuditServiceOptions {
  store: AuditStore;
  authorizer: Authorizer;
  projects: Pick<ProjectLookup, 'projectByName'>;
  verifyPageSize?: number;
}

/**
 * Reading and checking the audit trail. Events of one project are for readers of that project;
 * the whole trail (events of every project, events of no project) and its verification are for
 * installation admins.
 */
export class AuditService {
  private readonly verifyPageSize: number;

  constructor(private readonly options: AuditServiceOptions) {
    this.verifyPageSize = options.verifyPageSize ?? auditLimits.verifyPageSize;
  }

  /** Matching events, newest first; `nextPageToken` continues below the last one. */
  async list(filter: AuditFilter): Promise<AuditPage> {
    const limit = filter.maxResults ?? auditLimits.defaultMaxResults;
    if (!Number.isInteger(limit) || limit < 1 || limit > auditLimits.maxResults) {
      throw invalidArgument(`maxResults: must be an integer from 1 to ${auditLimits.maxResults}, not ${filter.maxResults}`);
    }
    const query: AuditQuery = { limit: limit + 1 };
    for (const field of ['resourceType', 'resourceId', 'actor'] as const) {
      const value = filter[field];
      if (value !== undefined && value !== '') query[field] = checkedText(field, value);
    }
    if (filter.action !== undefined && filter.action !== '') {
      const action = checkedText('action', filter.action);
      if (action.endsWith('.*')) query.actionPrefix = action.slice(0, -1);
      else if (action.endsWith('.')) query.actionPrefix = action;
      else query.action = action;
    }
    for (const field of ['from', 'to'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(`${field}: must be a time in epoch milliseconds, not ${value}`);
      query[field] = value;
    }
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw invalidArgument(`from: ${query.from} is later than to: ${query.to}`);
    if (filter.pageToken !== undefined && filter.pageToken !== '') query.beforeSeq = decodeAuditPageToken(filter.pageToken);

    if (filter.project !== undefined && filter.project !== '') {
      const project = await this.options.projects.projectByName(filter.project);
      if (!project) throw notFound(`No project named '${filter.project}'`);
      await this.options.authorizer.requireProject(project.id, 'read');
      query.projectId = project.id;
    } else {
      this.options.authorizer.requireAdmin();
    }

    const rows = await this.options.store.list(query);
    if (rows.length <= limit) return { events: rows };
    const events = rows.slice(0, limit);
    return { events, nextPageToken: encodeAuditPageToken(events[events.length - 1]!.seq) };
  }

  /**
   * Streams the chain in seq order up to the head as it was when the check started, recomputes
   * every hash, and reports the first break: an edited event (its hash no longer matches), removed
   * events (a gap in seq, or a prev_hash that is not the hash of the event before), or events
   * removed from the end (the head names a later or different event than the last stored one).
   */
  async verify(): Promise<ChainReport> {
    this.options.authorizer.requireAdmin();
    const head = await this.options.store.head();
    let expectedSeq = 1;
    let prevHash = genesisHash;
    for (;;) {
      const page = await this.options.store.chainPage(expectedSeq - 1, head.seq, this.verifyPageSize);
      for (const event of page) {
        const broken = checkLink(event, expectedSeq, prevHash);
        if (broken) return { ok: false, checked: expectedSeq - 1, headSeq: head.seq, firstBroken: broken };
        prevHash = event.hash;
        expectedSeq += 1;
      }
      if (page.length < this.verifyPageSize) break;
    }
    const last = expectedSeq - 1;
    if (last < head.seq) {
      const removed = last + 1 === head.seq ? `event ${head.seq} was` : `events ${last + 1} to ${head.seq} were`;
      return { ok: false, checked: last, headSeq: head.seq, firstBroken: { seq: last + 1, reason: `removed from the end: ${removed} recorded (audit_head) but no longer stored` } };
    }
    if (prevHash !== head.hash) {
      return { ok: false, checked: last, headSeq: head.seq, firstBroken: { seq: head.seq, reason: `the chain head (audit_head) names a different hash than event ${head.seq}` } };
    }
    // Events appended while checking are legitimate; anything stored beyond the head as it is now is not.
    const stored = await this.options.store.lastStoredSeq();
    const now = await this.options.store.head();
    if (stored > now.seq) {
      return { ok: false, checked: last, headSeq: head.seq, firstBroken: { seq: now.seq + 1, reason: `stored beyond the chain head (audit_head is at ${now.seq}): written outside Cairn, or the head was moved back` } };
    }
    return { ok: true, checked: last, headSeq: head.seq };
  }
}

function checkLink(event: StoredAuditEvent, expectedSeq: number, prevHash: string): { seq: number; reason: string } | undefined {
  if (event.seq !== expectedSeq) {
    const removed = event.seq - 1 === expectedSeq ? `event ${expectedSeq} was` : `events ${expectedSeq} to ${event.seq - 1} were`;
    return { seq: expectedSeq, reason: `removed: ${removed} deleted (seq jumps to ${event.seq})` };
  }
  if (event.prevHash !== prevHash) {
    return { seq: event.seq, reason: `prev_hash does not match the hash of event ${event.seq - 1}: an event before it was replaced or re-chained` };
  }
  if (eventHash(event) !== event.hash) {
    return { seq: event.seq, reason: 'hash mismatch: a field of this event was changed after it was recorded' };
  }
  return undefined;
}

function checkedText(field: string, value: string): string {
  if (value.length > auditLimits.filterLength) throw invalidArgument(`${field}: longer than ${auditLimits.filterLength} characters`);
  return value;
}

/** Keyset token: the seq below which the next page starts. */
export function encodeAuditPageToken(beforeSeq: number): string {
  return Buffer.from(JSON.stringify({ beforeSeq })).toString('base64url');
}

function decodeAuditPageToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { beforeSeq?: unknown };
    if (typeof parsed.beforeSeq === 'number' && Number.isSafeInteger(parsed.beforeSeq) && parsed.beforeSeq > 0) return parsed.beforeSeq;
  } catch {
    // Falls through to the error below.
  }
  throw invalidArgument('pageToken: not a token from a previous audit listing');
}
