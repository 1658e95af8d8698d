import type { Transport } from './transport.js';

/** One recorded state change (see docs/audit.md for the fields and the hash chain). */
export interface AuditEvent {
  /** Position in the chain: 1, 2, 3, ... without gaps. */
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  actor: string;
  /** `<resource>.<verb>`, e.g. `run.log`, `model.alias.set`. */
  action: string;
  resourceType: string;
  resourceId: string;
  projectId: number | null;
  project: string | null;
  /** The `x-request-id` of the HTTP request that made the change. */
  requestId: string | null;
  digest: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditListOptions {
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  /** An exact action, or a prefix ending in `.` (`model.`). */
  action?: string;
  /** Project name; without it the listing needs an installation admin. */
  project?: string;
  /** Inclusive bounds: epoch milliseconds, a Date, or ISO 8601 text. */
  from?: number | string | Date;
  to?: number | string | Date;
  /** 1 to 1000; 100 by default. */
  maxResults?: number;
  pageToken?: string;
}

export interface AuditPage {
  /** Newest first. */
  events: AuditEvent[];
  nextPageToken?: string;
}

export interface AuditChainReport {
  ok: boolean;
  /** Events found intact, from the first on. */
  checked: number;
  /** The chain head when the check started. */
  headSeq: number;
  firstBroken?: { seq: number; reason: string };
}

const timeParam = (value: number | string | Date | undefined): string | undefined =>
  value === undefined ? undefined : value instanceof Date ? String(value.getTime()) : String(value);

/** The audit trail: `client.audit`. */
export class AuditApi {
  constructor(private readonly transport: Transport) {}

  /**
   * One page of audit events matching the filters, newest first.
   * @example
   * const page = await client.audit.list({ resourceType: 'model', resourceId: 'fraud-scorer', action: 'model.alias.' });
   * for (const e of page.events) console.log(e.seq, e.actor, e.action, e.details);
   */
  list(options: AuditListOptions = {}): Promise<AuditPage> {
    const { from, to, maxResults, ...rest } = options;
    const query = { ...rest, from: timeParam(from), to: timeParam(to), ...(maxResults !== undefined ? { maxResults: String(maxResults) } : {}) };
    return this.transport.json('GET', '/audit', { query });
  }

  /**
   * Checks the whole hash chain on the server; `ok: false` names the first broken event.
   * @example
   * const report = await client.audit.verify();
   * if (!report.ok) console.error(`event ${report.firstBroken?.seq}: ${report.firstBroken?.reason}`);
   */
  verify(): Promise<AuditChainReport> {
    return this.transport.json('GET', '/audit/verify');
  }
}
