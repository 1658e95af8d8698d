import { v1Get } from './http.js';
import type { Page } from './tracking-model.js';

/** The audit trail (native API): newest first, and the hash chain's check. */

export interface AuditEvent {
  seq: number;
  time: number;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  projectId: number | null;
  project?: string | null;
  requestId: string | null;
  digest: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  action?: string;
  project?: string;
  /** Epoch milliseconds. */
  from?: number;
  to?: number;
}

export interface ChainStatus {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken?: { seq: number; reason: string };
}

export async function searchAudit(filter: AuditFilter, pageToken: string | null, maxResults: number, signal?: AbortSignal): Promise<Page<AuditEvent>> {
  const body = await v1Get<{ events?: AuditEvent[]; nextPageToken?: string }>(
    '/audit',
    { ...filter, maxResults, pageToken: pageToken ?? undefined },
    signal,
  );
  return { items: body.events ?? [], nextPageToken: body.nextPageToken || null };
}

export function verifyAudit(signal?: AbortSignal): Promise<ChainStatus> {
  return v1Get<ChainStatus>('/audit/verify', {}, signal);
}
