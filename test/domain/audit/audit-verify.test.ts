import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unrestrictedAccess } from '../../../src/domain/access/unrestricted-access.js';
import { AuditService } from '../../../src/domain/audit/audit-service.js';
import { eventHash } from '../../../src/domain/audit/audit-hash.js';
import { AuditSqlStore } from '../../../src/storage/sql/audit-sql-store.js';
import { backends } from '../../support/backends.js';
import { auditFixture, type AuditFixture } from './audit-fixture.js';

describe.each(backends)('verifying the audit chain (%s)', (backend) => {
  let f: AuditFixture;
  let service: AuditService;
  beforeAll(async () => {
    f = await auditFixture(backend);
    // A small page makes the check cross page boundaries.
    service = new AuditService({ store: new AuditSqlStore(f.database.db, f.database.dialect), authorizer: unrestrictedAccess, projects: { projectByName: async () => undefined }, verifyPageSize: 3 });
    for (let i = 0; i < 10; i += 1) await f.tracking.createExperiment(`e${i}`);
  });
  afterAll(() => f.close());

  const db = () => f.database.db;

  it('passes across several pages', async () => {
    expect(await service.verify()).toEqual({ ok: true, checked: 10, headSeq: 10 });
  });

  it('names the event after one whose hash was recomputed to hide an edit', async () => {
    const row = await db().selectFrom('audit_events').selectAll().where('seq', '=', 5).executeTakeFirstOrThrow();
    const forged = { ...row, details: '{"name":"forged"}' };
    const hash = eventHash({
      seq: 5,
      time: Number(row.time),
      actor: row.actor,
      action: row.action,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      projectId: row.project_id === null ? null : Number(row.project_id),
      requestId: row.request_id,
      digest: row.digest,
      detailsJson: forged.details,
      prevHash: row.prev_hash,
    });
    await db().updateTable('audit_events').set({ details: forged.details, hash }).where('seq', '=', 5).execute();
    try {
      const report = await service.verify();
      expect(report).toMatchObject({ ok: false, checked: 5, firstBroken: { seq: 6 } });
      expect(report.firstBroken!.reason).toMatch(/prev_hash/);
    } finally {
      await db().updateTable('audit_events').set({ details: row.details, hash: row.hash }).where('seq', '=', 5).execute();
    }
  });

  it('names a run of removed events by the first missing seq', async () => {
    const rows = await db().selectFrom('audit_events').selectAll().where('seq', 'in', [3, 4]).execute();
    await db().deleteFrom('audit_events').where('seq', 'in', [3, 4]).execute();
    try {
      expect(await service.verify()).toMatchObject({ ok: false, checked: 2, firstBroken: { seq: 3, reason: expect.stringMatching(/events 3 to 4 were deleted/) } });
    } finally {
      await db().insertInto('audit_events').values(rows).execute();
    }
  });

  it('notices events stored beyond the chain head', async () => {
    const last = await db().selectFrom('audit_events').selectAll().where('seq', '=', 10).executeTakeFirstOrThrow();
    await db().insertInto('audit_events').values({ ...last, seq: 11 }).execute();
    try {
      expect(await service.verify()).toMatchObject({ ok: false, firstBroken: { seq: 11, reason: expect.stringMatching(/beyond the chain head/) } });
    } finally {
      await db().deleteFrom('audit_events').where('seq', '=', 11).execute();
    }
    expect((await service.verify()).ok).toBe(true);
  });
});
