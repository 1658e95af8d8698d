import { CompiledQuery, type Kysely } from 'kysely';
import type { CallContextSource } from '../../domain/access/caller.js';
import type { AuditChange } from '../../domain/audit/audit-event.js';
import { changeDigest, eventHash } from '../../domain/audit/audit-hash.js';
import { canonicalJson } from '../../domain/audit/canonical-json.js';
import type { Clock } from '../../domain/clock.js';
import type { SqlDialectName } from './dialect.js';
import type { Schema } from './schema.js';
import { insertFlat, rawQuery } from './sql-support.js';

/** A change with who made it and when, captured when the call was made (it may commit later, in a group). */
export interface StampedChange {
  change: AuditChange;
  actor: string;
  requestId: string | null;
  time: number;
  /**
   * Digest and stored details, computed when stamped: a log batch is digested before its group
   * transaction opens, so the transaction (and the chain head it locks) is held no longer for it.
   */
  digest: string;
  detailsJson: string;
}

const eventColumns = ['seq', '"time"', 'actor', 'action', 'resource_type', 'resource_id', 'project_id', 'request_id', 'digest', 'details', 'prev_hash', 'hash'];
/** Events per INSERT whose statement text is kept (a log group holds at most 256 calls). */
const cachedInsertSizes = 256;

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

  /**
   * INSERT texts by number of events. Reusing the same string saves building it and lets the SQLite
   * statement cache find it without hashing a new string: this runs once per logging group.
   */
  private readonly insertTexts = new Map<number, string>();

  /** Captures the current caller and time for a change that will be appended later. */
  stamp(change: AuditChange): StampedChange {
    const { caller, requestId } = this.context.current();
    return { change, actor: caller.name, requestId, time: this.clock.now(), digest: changeDigest(change), detailsJson: canonicalJson(change.details) };
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
    const values: unknown[] = [];
    for (const { change, actor, requestId, time, digest, detailsJson } of changes) {
      seq += 1;
      const event = {
        seq,
        time,
        actor,
        action: change.action,
        resourceType: change.resourceType,
        resourceId: change.resourceId,
        projectId: change.projectId ?? null,
        requestId,
        digest,
        detailsJson,
        prevHash,
      };
      const hash = eventHash(event);
      values.push(seq, time, actor, event.action, event.resourceType, event.resourceId, event.projectId, requestId, digest, detailsJson, prevHash, hash);
      prevHash = hash;
    }
    if (changes.length <= cachedInsertSizes) await trx.executeQuery(CompiledQuery.raw(this.insertText(changes.length), values));
    else await insertFlat(trx, this.dialect, 'audit_events', eventColumns, values);
    await trx.executeQuery(rawQuery(this.dialect, 'update audit_head set seq = ?, hash = ? where id = 1', [seq, prevHash]));
  }

  private insertText(count: number): string {
    let text = this.insertTexts.get(count);
    if (text === undefined) {
      const width = eventColumns.length;
      const rows: string[] = [];
      for (let r = 0; r < count; r += 1) {
        const slots = Array.from({ length: width }, (_, c) => (this.dialect === 'postgres' ? `$${r * width + c + 1}` : '?'));
        rows.push(`(${slots.join(', ')})`);
      }
      text = `insert into audit_events (${eventColumns.join(', ')}) values ${rows.join(', ')}`;
      this.insertTexts.set(count, text);
    }
    return text;
  }
}
