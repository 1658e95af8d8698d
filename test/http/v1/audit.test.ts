import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema, chainReportSchema } from '../../../src/http/routes/v1/audit-schemas.js';
import { ManualClock } from '../../domain/tracking/service-fixture.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const admin = { user: 'admin', password: 'admin-password' };
const viewer = { user: 'vera', password: 'vera-password' };
type Who = { user: string; password: string };

describe.each(backends)('audit API (%s)', (backend) => {
  let server: TestServer;
  const clock = new ManualClock(1_800_000_000_000);

  async function call(who: Who, method: string, path: string, body?: unknown, requestId?: string): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${who.user}:${who.password}`).toString('base64')}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: await response.json() };
  }

  async function list(query: Record<string, string | number>, who: Who = admin) {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    const answer = await call(who, 'GET', `/api/v1/audit?${search}`);
    if (answer.status === 200) auditPageSchema.parse(answer.body);
    return answer;
  }

  async function verify() {
    const answer = await call(admin, 'GET', '/api/v1/audit/verify');
    expect(answer.status).toBe(200);
    return chainReportSchema.parse(answer.body);
  }

  beforeAll(async () => {
    server = await startTestServer({ backend, auth: true, clock });
    expect((await call(admin, 'POST', '/api/v1/users', { name: viewer.user, password: viewer.password })).status).toBe(201);
    expect((await call(admin, 'PUT', `/api/v1/projects/default/members/${viewer.user}`, { role: 'viewer' })).status).toBeLessThan(300);
    expect((await call(admin, 'POST', '/api/v1/projects', { name: 'other', description: '' })).status).toBe(201);
    for (const name of ['alpha', 'beta', 'gamma']) {
      clock.advance(1000);
      const created = await call(admin, 'POST', '/api/2.0/mlflow/experiments/create', { name }, `create-${name}`);
      expect(created.status).toBe(200);
      clock.advance(1000);
      await call(admin, 'POST', '/api/2.0/mlflow/experiments/set-experiment-tag', { experiment_id: created.body.experiment_id, key: 'k', value: name });
    }
  });
  afterAll(() => server.close());

  it('records the signed-in user and the x-request-id of the request that made the change', async () => {
    const created = await call(admin, 'POST', '/api/2.0/mlflow/experiments/create', { name: 'traced' }, 'trace-42');
    const { body } = await list({ resourceType: 'experiment', resourceId: created.body.experiment_id });
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ action: 'experiment.create', actor: 'admin', requestId: 'trace-42', project: 'default', projectId: 1 });
  });

  it('filters by resource, actor, action (exact or prefix), project and time, newest first', async () => {
    const all = (await list({ action: 'experiment.', project: 'default' })).body.events as any[];
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));
    expect(all.every((e) => e.action.startsWith('experiment.'))).toBe(true);

    const tags = (await list({ action: 'experiment.tag.set' })).body.events as any[];
    expect(tags.map((e) => e.details.value)).toEqual(['gamma', 'beta', 'alpha']);
    expect((await list({ action: 'experiment.*' })).body.events).toHaveLength(all.length);
    expect((await list({ actor: 'nobody' })).body.events).toEqual([]);
    expect((await list({ project: 'other', action: 'experiment.' })).body.events).toEqual([]);

    const alpha = all.find((e) => e.action === 'experiment.create' && e.requestId === 'create-alpha');
    const beta = all.find((e) => e.action === 'experiment.create' && e.requestId === 'create-beta');
    const window = (await list({ action: 'experiment.create', from: alpha.time, to: new Date(beta.time).toISOString() })).body.events as any[];
    expect(window.map((e) => e.requestId)).toEqual(['create-beta', 'create-alpha']);
  });

  it('pages through events with a keyset token without repeating or skipping any', async () => {
    const whole = (await list({ maxResults: 1000 })).body.events as any[];
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const { body } = await list({ maxResults: 2, ...(token ? { pageToken: token } : {}) });
      expect(body.events.length).toBeLessThanOrEqual(2);
      seen.push(...body.events.map((e: any) => e.seq));
      token = body.nextPageToken;
    } while (token);
    expect(seen).toEqual(whole.map((e) => e.seq));
  });

  it('refuses bad filters with INVALID_ARGUMENT', async () => {
    for (const query of [{ maxResults: 0 }, { maxResults: 1001 }, { pageToken: 'nope' }, { from: 'yesterday-ish' }, { from: 5, to: 4 }]) {
      const answer = await list(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
    }
  });

  it("lets a project's readers list its events, and only admins the whole trail and its check", async () => {
    expect((await list({ project: 'default' }, viewer)).status).toBe(200);
    expect((await list({}, viewer)).status).toBe(403);
    expect((await list({ project: 'other' }, viewer)).status).toBe(403);
    expect((await list({ project: 'missing' }, admin)).status).toBe(404);
    const check = await call(viewer, 'GET', '/api/v1/audit/verify');
    expect(check.status).toBe(403);
    expect(check.body.error.code).toBe('PERMISSION_DENIED');
  });

  describe('verify', () => {
    const db = () => server.app.database.db;

    it('passes on an untouched chain', async () => {
      const report = await verify();
      expect(report).toMatchObject({ ok: true });
      expect(report.checked).toBe(report.headSeq);
      expect(report.headSeq).toBeGreaterThan(5);
    });

    it('names the event whose details were edited behind Cairn\'s back', async () => {
      const target = 3;
      const row = await db().selectFrom('audit_events').select('details').where('seq', '=', target).executeTakeFirstOrThrow();
      await db().updateTable('audit_events').set({ details: '{"forged":true}' }).where('seq', '=', target).execute();
      try {
        const report = await verify();
        expect(report).toMatchObject({ ok: false, checked: target - 1, firstBroken: { seq: target } });
        expect(report.firstBroken!.reason).toMatch(/hash mismatch/);
      } finally {
        await db().updateTable('audit_events').set({ details: row.details }).where('seq', '=', target).execute();
      }
      expect((await verify()).ok).toBe(true);
    });

    it('names the gap where an event was removed from the middle', async () => {
      const target = 4;
      const row = await db().selectFrom('audit_events').selectAll().where('seq', '=', target).executeTakeFirstOrThrow();
      await db().deleteFrom('audit_events').where('seq', '=', target).execute();
      try {
        const report = await verify();
        expect(report).toMatchObject({ ok: false, firstBroken: { seq: target } });
        expect(report.firstBroken!.reason).toMatch(/removed/);
      } finally {
        await db().insertInto('audit_events').values(row).execute();
      }
    });

    it('names the end when the last events were removed', async () => {
      const { headSeq } = await verify();
      const row = await db().selectFrom('audit_events').selectAll().where('seq', '=', headSeq).executeTakeFirstOrThrow();
      await db().deleteFrom('audit_events').where('seq', '=', headSeq).execute();
      try {
        const report = await verify();
        expect(report).toMatchObject({ ok: false, checked: headSeq - 1, firstBroken: { seq: headSeq } });
        expect(report.firstBroken!.reason).toMatch(/end/);
      } finally {
        await db().insertInto('audit_events').values(row).execute();
      }
      expect((await verify()).ok).toBe(true);
    });
  });
});
