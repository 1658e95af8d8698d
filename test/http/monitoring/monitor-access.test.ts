import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonitorSqlStore } from '../../../src/storage/sql/monitor-sql-store.js';
import { AuditTrail } from '../../../src/storage/sql/audit-trail.js';
import { AsyncCallContext } from '../../../src/runtime/call-context.js';
import { backends } from '../../support/backends.js';
import { startAlphaProject, type AlphaProject, type Who } from '../access-fixture.js';

const deployment = 'alpha-watched';
const spec = { name: 'watch', schedule: '0 * * * *', window: { kind: 'count', predictions: 5 }, checks: [{ kind: 'dataset_drift', severity: 'warning' }] };

describe.each(backends)('who may use monitors and alerts on %s', (backend) => {
  let p: AlphaProject;
  let monitorId: number;

  /** Opens a fresh alert the way a run does (a failing dataset_drift result committed through the store). */
  async function openAlert(window: number): Promise<number> {
    const { db, dialect } = p.server.app.database;
    const store = new MonitorSqlStore(db, new AuditTrail(dialect, new AsyncCallContext(), { now: () => Date.now() }));
    const monitor = (await store.get(monitorId))!;
    const state = (await store.runState(monitorId))!;
    const result = {
      monitorId,
      windowSeq: window,
      windowStart: window,
      windowEnd: window + 1,
      rows: 5,
      checkKey: 'dataset_drift',
      kind: 'dataset_drift' as const,
      feature: null,
      method: 'drift_share',
      value: 1,
      threshold: 0.5,
      passed: false,
      severity: 'warning' as const,
      note: null,
      computedTime: 1,
      message: 'drifted',
    };
    const outcome = await store.commitRun(monitor, state.version, { cursor: state.cursor, feedbackSince: state.feedbackSince, windows: [], results: [result], now: Date.now() });
    return outcome!.opened[0]!.id;
  }

  beforeAll(async () => {
    p = await startAlphaProject(backend);
    await p.admin.ok('POST', '/api/v1/deployments', { name: deployment, project: 'alpha', spec: { versions: [{ model: p.model, version: 1 }] } });
    monitorId = (await p.admin.ok<{ monitor: { id: number } }>('POST', `/api/v1/deployments/${deployment}/monitors`, spec)).monitor.id;
  }, 120_000);
  afterAll(async () => {
    await p?.server.close();
  });

  const readers: Who[] = ['viewer', 'contributor', 'deployer', 'approver', 'admin'];
  const deployers: Who[] = ['deployer', 'admin'];
  const contributors: Who[] = ['contributor', 'deployer', 'approver', 'admin'];

  it('lets project members read monitors, results, windows and alerts; nobody else', async () => {
    for (const who of ['viewer', 'contributor', 'deployer', 'approver', 'admin', 'outsider', 'scoped'] as const) {
      const expected = readers.includes(who) ? 200 : who === 'outsider' ? [403, 404] : [403];
      for (const path of [`/api/v1/deployments/${deployment}/monitors`, `/api/v1/monitors/${monitorId}`, `/api/v1/monitors/${monitorId}/results`, `/api/v1/monitors/${monitorId}/windows`, `/api/v1/deployments/${deployment}/alerts`]) {
        const answer = await p.as[who].call('GET', path);
        if (typeof expected === 'number') expect(answer.status, `${who} GET ${path}`).toBe(expected);
        else expect(expected, `${who} GET ${path}: ${answer.status}`).toContain(answer.status);
      }
    }
  });

  it('lets only deployers and admins create, change, run and delete monitors', async () => {
    for (const who of ['viewer', 'contributor', 'approver', 'deployer', 'admin', 'outsider', 'scoped'] as const) {
      const created = await p.as[who].call('POST', `/api/v1/deployments/${deployment}/monitors`, { ...spec, name: `by-${who}` });
      const run = await p.as[who].call('POST', `/api/v1/monitors/${monitorId}/run`);
      const updated = await p.as[who].call('PUT', `/api/v1/monitors/${monitorId}`, spec);
      if (deployers.includes(who)) {
        expect([created.status, run.status, updated.status], who).toEqual([201, 200, 200]);
        const id = (created.body as { monitor: { id: number } }).monitor.id;
        expect((await p.as[who].call('DELETE', `/api/v1/monitors/${id}`)).status).toBe(200);
      } else {
        expect([created.status, run.status, updated.status].every((s) => s === 403 || s === 404), `${who}: ${created.status} ${run.status} ${updated.status}`).toBe(true);
        expect((await p.as[who].call('DELETE', `/api/v1/monitors/${monitorId}`)).status, who).toBeGreaterThanOrEqual(403);
      }
    }
    expect((await p.admin.ok<{ monitors: unknown[] }>('GET', `/api/v1/deployments/${deployment}/monitors`)).monitors).toHaveLength(1);
  });

  it('lets contributors and up acknowledge alerts, and only deployers and admins resolve them', async () => {
    let window = 1;
    for (const who of ['viewer', 'contributor', 'approver', 'deployer', 'admin', 'outsider', 'scoped'] as const) {
      const alertId = await openAlert(window++);
      const ack = await p.as[who].call('POST', `/api/v1/alerts/${alertId}/acknowledge`);
      expect(ack.status === 200, `${who} acknowledge: ${ack.status}`).toBe(contributors.includes(who));
      const resolve = await p.as[who].call('POST', `/api/v1/alerts/${alertId}/resolve`);
      expect(resolve.status === 200, `${who} resolve: ${resolve.status}`).toBe(deployers.includes(who));
      if (!deployers.includes(who)) await p.admin.ok('POST', `/api/v1/alerts/${alertId}/resolve`);
    }
  });
});
