/**
 * A state change as the code that makes it describes it. The audit trail stamps it with time,
 * actor and request id, and chains it to the event before.
 */
export interface AuditChange {
  /** `<resource>.<verb>`, e.g. `run.create`, `run.log`, `model.alias.set`, `promotion.approve`. */
  action: string;
  /** e.g. `experiment`, `run`, `model`, `model_version`, `project`, `user`, `token`, `promotion`. */
  resourceType: string;
  /** The resource's public id: experiment id, run uuid, model name, `name/version`, ... */
  resourceId: string;
  /** The project the resource belongs to, when it belongs to one. */
  projectId?: number | null;
  /** A small summary of the change, stored with the event (ids, names, counts; never secrets). */
  details: Record<string, unknown>;
  /**
   * The whole change when it is too large to store (a log batch); only its digest is kept.
   * When absent, the digest covers `details`.
   */
  payload?: unknown;
  /**
   * The payload already written as its canonical JSON (see canonical-json.ts), by a hot path that
   * can write it much faster than the generic encoder (a log batch). Takes the place of `payload`.
   */
  payloadJson?: string;
}

/** An audit event as stored and served. */
export interface AuditEvent {
  /** Position in the chain: 1, 2, 3, ... without gaps. */
  seq: number;
  time: number;
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  projectId: number | null;
  requestId: string | null;
  /** sha256 (hex) of the canonical JSON of the change. */
  digest: string;
  details: Record<string, unknown>;
  /** `hash` of the event before; 64 zeros for the first. */
  prevHash: string;
  /** sha256 (hex) over this event's fields and `prevHash` (see audit-hash.ts). */
  hash: string;
}

export const genesisHash = '0'.repeat(64);
