import type { Clock } from '../../src/domain/clock.js';
import { AsyncCallContext } from '../../src/runtime/call-context.js';
import type { SqlDatabase } from '../../src/storage/sql/database.js';
import { AuditTrail } from '../../src/storage/sql/audit-trail.js';

/**
 * The audit trail stores need, for tests that build stores directly. Calls made outside
 * `context.run` are recorded as Cairn's own (`system`).
 */
export function testAudit(database: Pick<SqlDatabase, 'dialect'>, clock: Clock = { now: () => Date.now() }): { audit: AuditTrail; context: AsyncCallContext } {
  const context = new AsyncCallContext();
  return { audit: new AuditTrail(database.dialect, context, clock), context };
}
