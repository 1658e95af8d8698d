import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { everyone, userOf, startAlphaProject, type AlphaProject } from '../access-fixture.js';

describe.each(backends)('monitor reference access on %s', (backend) => {
  let alpha: AlphaProject;
  let monitorId: number;
  beforeAll(async () => {
    alpha = await startAlphaProject(backend);
    const created = await alpha.admin.ok<{ monitor: { id: number } }>('POST', '/api/v1/deployments/alpha-serve/monitors', {
      name: 'drift',
      schedule: '0 * * * *',
      window: { kind: 'time', minutes: 60 },
      checks: [{ kind: 'dataset_drift', severity: 'warning' }],
      actions: [],
      enabled: true,
    });
    monitorId = created.monitor.id;
  }, 120_000);
  afterAll(async () => {
    await alpha?.server.close();
  });

  it('lets deployers and admins set a reference, viewers and up read it, and nobody else either', async () => {
    const first = await fetch(`${alpha.server.url}/api/v1/monitors/${monitorId}/reference?name=ref.csv`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alpha.admin.token}`, 'content-type': 'text/csv' },
      body: 'x\n1\n',
    });
    expect(first.status).toBe(200);
    const setters = new Set(['deployer', 'admin']);
    const readers = new Set([...setters, 'viewer', 'contributor', 'approver']);
    for (const who of everyone) {
      const response = await fetch(`${alpha.server.url}/api/v1/monitors/${monitorId}/reference?name=ref.csv`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${alpha.as[who].token}`, 'content-type': 'text/csv' },
        body: `x,who\n1,${who}\n2,${who}\n`,
      });
      expect(response.status, who).toBe(setters.has(who) ? 200 : 403);
      const body = (await response.json()) as { reference?: { createdBy: string } };
      if (setters.has(who)) expect(body.reference?.createdBy).toBe(userOf(who));
      const read = await alpha.as[who].call('GET', `/api/v1/monitors/${monitorId}/reference`);
      expect(read.status, who).toBe(readers.has(who) ? 200 : 403);
    }
    const events = await alpha.server.app.database.db.selectFrom('audit_events').select('actor').where('action', '=', 'monitor.reference.set').orderBy('seq').execute();
    expect(events.map((e) => e.actor)).toEqual(['admin', userOf('deployer'), userOf('admin')]);
  });

  it('refuses a JSON body past its limit with 413', async () => {
    const response = await fetch(`${alpha.server.url}/api/v1/monitors/${monitorId}/reference`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alpha.as.admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'lineage', pad: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('LIMIT_EXCEEDED');
  });
});
