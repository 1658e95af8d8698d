import type { Kysely } from 'kysely';
import type { CallContextSource } from '../../domain/access/caller.js';
import type { AuditChange } from '../../domain/audit/audit-event.js';
import { changeDigest, eventHash } from '../../domain/audit/audit-hash.js';
import { canonicalJson } from '../../domain/audit/canonical-json.js';
import type { Clock } from '../../domain/clock.js';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';
import { insertRows, rawQuery } from './sql-support.js';

/** A change with who made it and when, captured when the call was made (it may commit later, in a group). */
export interface StampedChange {
  change: AuditChange;
  actor: string;
  requestId: string | null;
  time: number;
}

const eventColumns = ['seq', '"time"', 'actor', 'action', 'resource_type', 'resource_id', 'project_id', 'request_id', 'digest', 'details', 'prev_hash', 'hash'];

/**
 * Writes audit events inside the transactions of the changes they describe, so a change and its
 * event commit together or not at all. Appending locks the chain head (`audit_head`) until the
 * transaction ends: stores append as their last statement to hold it briefly.
 */
export class AuditTrail {
  constructor(
    private readonly dialect: SqlDialectName,
    private readonly context: CallContextSource,
    private readonly clock: Clock,
  ) {}

  /** Captures the current caller and time for a change that will be appended later. */
  stamp(change: AuditChange): StampedChange {
    const { caller, requestId } = this.context.current();
    return { change, actor: caller.name, requestId, time: this.clock.now() };
  }

  /** Appends one event for `change`, made by the current caller; `trx` must be a transaction. */
  record(trx: Kysely<Schema>, change: AuditChange): Promise<void> {
    return this.append(trx, [this.stamp(change)]);
  }

  /** Appends events in the given order; `trx` must be a transaction. */
  async append(trx: Kysely<Schema>, changes: readonly StampedChange[]): Promise<void> {
    if (changes.length === 0) return;
    const lock = this.dialect === 'postgres' ? ' for update' : '';
    const { rows } = await trx.executeQuery(rawQuery<{ seq: number; hash: string }>(this.dialect, `select seq, hash from audit_head where id = 1${lock}`, []));
    const head = rows[0];
    if (!head) throw new Error('audit_head row is missing: the audit trail cannot be appended to');
    let seq = Number(head.seq);
    let prevHash = head.hash;
    const values: unknown[][] = [];
    for (const { change, actor, requestId, time } of changes) {
      seq += 1;
      const detailsJson = canonicalJson(change.details);
      const event = {
        seq,
        time,
        actor,
        action: change.action,
        resourceType: change.resourceType,
        resourceId: change.resourceId,
        projectId: change.projectId ?? null,
        requestId,
        digest: changeDigest(change),
        detailsJson,
        prevHash,
      };
      const hash = eventHash(event);
      values.push([seq, time, actor, event.action, event.resourceType, event.resourceId, event.projectId, requestId, event.digest, detailsJson, prevHash, hash]);
      prevHash = hash;
    }
    await insertRows(trx, this.dialect, 'audit_events', eventColumns, values);
    await trx.executeQuery(rawQuery(this.dialect, 'update audit_head set seq = ?, hash = ? where id = 1', [seq, prevHash]));
  }
}
