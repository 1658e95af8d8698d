import type { AuditEvent } from './audit-event.js';

/** An event as served by listings: with its project's name when it belongs to one. */
export type ListedAuditEvent = AuditEvent & { project: string | null };

/** An event exactly as stored: `details` is the JSON text the hash covers. */
export type StoredAuditEvent = Omit<AuditEvent, 'details'> & { detailsJson: string };

/** What a listing asks the store for; every condition is optional and they all must hold. */
export interface AuditQuery {
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  /** Exact action. */
  action?: string;
  /** Actions starting with this text (e.g. `model.`). */
  actionPrefix?: string;
  projectId?: number;
  /** Inclusive bounds on `time` (epoch milliseconds). */
  from?: number;
  to?: number;
  /** Only events older than this one (keyset paging, newest first). */
  beforeSeq?: number;
  limit: number;
}

/** Reads of the audit trail; writing is the stores' business (see storage/sql/audit-trail.ts). */
export interface AuditStore {
  /** Matching events, newest (highest seq) first. */
  list(query: AuditQuery): Promise<ListedAuditEvent[]>;
  /** Up to `limit` stored events with `afterSeq < seq <= throughSeq`, in seq order. */
  chainPage(afterSeq: number, throughSeq: number, limit: number): Promise<StoredAuditEvent[]>;
  /** The chain head: the last appended event's seq and hash (0 and genesisHash when empty). */
  head(): Promise<{ seq: number; hash: string }>;
  /** The highest seq stored (0 when there is none). */
  lastStoredSeq(): Promise<number>;
}
