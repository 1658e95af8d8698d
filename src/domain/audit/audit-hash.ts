import { hash } from 'node:crypto';
import type { AuditChange, AuditEvent } from './audit-event.js';
import { canonicalJson } from './canonical-json.js';

/** sha256 (hex) of a change: of its payload's canonical JSON when it has one, of its details' otherwise. */
export function changeDigest(change: Pick<AuditChange, 'details' | 'payload' | 'payloadJson'>): string {
  return hash('sha256', change.payloadJson ?? canonicalJson(change.payload ?? change.details));
}

/**
 * The hash that links an event into the chain: sha256 over every stored field and the hash of the
 * event before, so editing any field, or removing or reordering events, breaks every later link.
 * `details` is hashed as stored (its JSON text), so verification never depends on key order.
 */
export function eventHash(event: Omit<AuditEvent, 'hash' | 'details'> & { detailsJson: string }): string {
  const fields = [
    event.seq,
    event.time,
    event.actor,
    event.action,
    event.resourceType,
    event.resourceId,
    event.projectId,
    event.requestId,
    event.digest,
    event.detailsJson,
    event.prevHash,
  ];
  // One-shot hashing: verification hashes a million events, and this is twice as fast as createHash.
  return hash('sha256', JSON.stringify(fields));
}
