import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

interface Answer {
  status: number;
  body: any;
}

type As = (method: string, path: string, body?: unknown) => Promise<Answer>;

const password = 'a-long-password';

/** Separation of duties and roles, with authentication on and one signed-in user per role. */
describe.each(backends)('promotion approvals by several people on %s', (backend) => {
  let server: TestServer;
  const users: Record<string, As> = {};

  function as(name: string, secret: string): As {
    const authorization = `Basic ${Buffer.from(`${name}:${secret}`).toString('base64')}`;
    return async (method, path, body) => {
      const headers: Record<string, string> = { authorization };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    };
  }

  const aliasesOf = async (name: string) => (await users.admin!('GET', `/api/v1/models/${name}`)).body.model.aliases;

  beforeAll(async () => {
    server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password' });
    users.admin = as('admin', 'admin-password');
    const roles = { alice: 'approver', bob: 'approver', carol: 'approver', victor: 'viewer', connie: 'contributor' };
    for (const [name, role] of Object.entries(roles)) {
      expect((await users.admin('POST', '/api/v1/users', { name, password })).status).toBe(201);
      expect((await users.admin('PUT', `/api/v1/projects/default/members/${name}`, { role })).status).toBe(200);
      users[name] = as(name, password);
    }
    const experimentId = (await users.admin('POST', '/api/v1/experiments', { name: 'duties' })).body.experiment.experimentId;
    const runId = (await users.admin('POST', '/api/v1/runs', { experimentId })).body.run.info.runId;
    await users.admin('POST', `/api/v1/runs/${runId}/batch`, { metrics: [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }], params: [], tags: [] });
    await users.admin('PATCH', `/api/v1/runs/${runId}`, { status: 'FINISHED', endTime: 2 });
    await users.admin('POST', '/api/v1/models', { name: 'critical-model' });
    await users.admin('POST', '/api/v1/models/critical-model/versions', { source: `runs:/${runId}/model` });
    await users.admin('PUT', '/api/v1/models/critical-model/card', {
      owner: 'o',
      intendedUse: 'u',
      limitations: 'l',
      trainingData: 't',
      riskTier: 'critical',
      riskRationale: 'r',
    });
    await users.admin('POST', '/api/v1/models/critical-model/card/evaluation', { version: 1 });
  });
  afterAll(() => server.close());

  it('needs two approvers other than the requester for a critical model; the alias moves on the second approval', async () => {
    const opened = await users.alice!('POST', '/api/v1/promotions', { model: 'critical-model', version: 1, alias: 'production' });
    expect(opened.status).toBe(201);
    const { id, policy, requestedBy } = opened.body.promotion;
    expect(requestedBy).toBe('alice');
    expect(policy).toEqual({ approvals: 2, separationOfDuties: true, checks: ['card_complete', 'run_finished'], metric: null });
    expect(opened.body.promotion.evidence.checks.map((c: { passed: boolean }) => c.passed)).toEqual([true, true]);

    const own = await users.alice!('POST', `/api/v1/promotions/${id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe('PERMISSION_DENIED');
    expect(own.body.error.message).toContain("separation of duties: 'alice' opened promotion request");

    const first = await users.bob!('POST', `/api/v1/promotions/${id}/approve`, { comment: 'ok by me' });
    expect(first.status).toBe(200);
    expect(first.body.promotion.status).toBe('open');
    expect(await aliasesOf('critical-model')).toEqual([]);
    expect((await users.bob!('POST', `/api/v1/promotions/${id}/approve`, {})).body.error.code).toBe('INVALID_STATE');

    const second = await users.carol!('POST', `/api/v1/promotions/${id}/approve`, {});
    expect(second.body.promotion).toMatchObject({ status: 'approved', decisions: [{ actor: 'bob', comment: 'ok by me' }, { actor: 'carol' }] });
    expect(await aliasesOf('critical-model')).toEqual([{ alias: 'production', version: 1 }]);

    const events = await server.app.database.db.selectFrom('audit_events').select(['action', 'actor']).where('resource_id', 'in', [id, 'critical-model']).orderBy('seq').execute();
    const trail = events.filter((e) => e.action.startsWith('promotion.') || e.action === 'model.alias.set');
    expect(trail).toEqual([
      { action: 'promotion.open', actor: 'alice' },
      { action: 'promotion.approve', actor: 'bob' },
      { action: 'promotion.approve', actor: 'carol' },
      { action: 'promotion.complete', actor: 'carol' },
      { action: 'model.alias.set', actor: 'carol' },
    ]);
  });

  it('lets only contributors open, only approvers decide, and only the requester or an admin withdraw', async () => {
    await users.admin!('PUT', '/api/v1/projects/default/policies/critical', { approvals: 1 });
    const viewer = await users.victor!('POST', '/api/v1/promotions', { model: 'critical-model', version: 1, alias: 'staging' });
    expect(viewer.status).toBe(403);
    expect(viewer.body.error.code).toBe('PERMISSION_DENIED');

    const opened = await users.connie!('POST', '/api/v1/promotions', { model: 'critical-model', version: 1, alias: 'staging' });
    expect(opened.status).toBe(201);
    const { id } = opened.body.promotion;
    expect((await users.connie!('POST', `/api/v1/promotions/${id}/approve`, {})).body.error.code).toBe('PERMISSION_DENIED');
    expect((await users.victor!('POST', `/api/v1/promotions/${id}/reject`, {})).body.error.code).toBe('PERMISSION_DENIED');
    expect((await users.alice!('POST', `/api/v1/promotions/${id}/withdraw`, {})).body.error.code).toBe('PERMISSION_DENIED');
    expect((await users.victor!('PUT', '/api/v1/projects/default/policies/low', { approvals: 1 })).body.error.code).toBe('PERMISSION_DENIED');
    expect((await users.victor!('GET', '/api/v1/projects/default/policies')).status).toBe(200);
    expect((await users.victor!('GET', `/api/v1/promotions/${id}`)).status).toBe(200);

    const withdrawn = await users.connie!('POST', `/api/v1/promotions/${id}/withdraw`, { comment: 'not yet' });
    expect(withdrawn.body.promotion).toMatchObject({ status: 'withdrawn', decisions: [{ actor: 'connie', decision: 'withdraw' }] });

    // Without separation of duties, a requester who is an approver may approve their own request.
    const own = await users.alice!('POST', '/api/v1/promotions', { model: 'critical-model', version: 1, alias: 'staging' });
    const approved = await users.alice!('POST', `/api/v1/promotions/${own.body.promotion.id}/approve`, {});
    expect(approved.body.promotion.status).toBe('approved');
    await users.admin!('DELETE', '/api/v1/projects/default/policies/critical');
  });
});
