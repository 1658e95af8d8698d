import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { CairnApiError, CairnClient, type EffectivePolicy, type Promotion } from '../../src/client/index.js';
import type { effectivePolicySchema, promotionSchema } from '../../src/http/routes/v1/governance-schemas.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** zod writes optional fields as `x?: T | undefined`; the SDK's types say `x?: T`. */
type Exact<T> = T extends readonly (infer E)[] ? Exact<E>[] : T extends object ? { [K in keyof T]: Exact<Exclude<T[K], undefined>> } : T;

describe('SDK promotions and policies', () => {
  let server: TestServer;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: server.url });
  });
  afterAll(() => server.close());

  it('match the wire schemas of the server', () => {
    expectTypeOf<EffectivePolicy>().toEqualTypeOf<Exact<z.output<typeof effectivePolicySchema>>>();
    // The SDK decodes the "NaN"/"Infinity" strings of the metric comparison, so only the evidence differs.
    expectTypeOf<Omit<Promotion, 'evidence'>>().toEqualTypeOf<Exact<Omit<z.output<typeof promotionSchema>, 'evidence'>>>();
  });

  it('opens, lists and approves a request, decoding metric values, and sets and resets a policy', async () => {
    await client.models.create('sdk-promoted');
    const run = await client.startRun({ experimentName: 'sdk-promotions', captureCodeVersion: false });
    run.logMetric('loss', Number.POSITIVE_INFINITY);
    await run.end();
    await client.models.createVersion('sdk-promoted', `runs:/${run.runId}/model`);

    const policy = await client.policies.set('default', 'default', { approvals: 1, metric: { key: 'loss', higherIsBetter: false } });
    expect(policy).toMatchObject({ riskTier: 'default', source: 'project', checks: [], metric: { key: 'loss', higherIsBetter: false } });

    const opened = await client.promotions.open('sdk-promoted', 1, 'production', { comment: 'first' });
    expect(opened.evidence.metric).toEqual({ key: 'loss', higherIsBetter: false, candidate: Number.POSITIVE_INFINITY, current: null, currentVersion: null });
    expect((await client.promotions.list({ status: 'open', model: 'sdk-promoted' })).promotions.map((p) => p.id)).toEqual([opened.id]);
    expect((await client.promotions.get(opened.id)).evidence.metric?.candidate).toBe(Number.POSITIVE_INFINITY);

    const approved = await client.promotions.approve(opened.id, { comment: 'fine' });
    expect(approved.status).toBe('approved');
    expect((await client.models.get('sdk-promoted')).model.aliases).toEqual([{ alias: 'production', version: 1 }]);

    const refused = await client.promotions.withdraw(opened.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CairnApiError);
    expect((refused as CairnApiError).code).toBe('INVALID_STATE');
    expect((await client.policies.reset('default', 'default')).source).toBe('default');
    expect((await client.policies.list('default')).map((p) => p.riskTier)).toEqual(['low', 'medium', 'high', 'critical', 'default']);
  });
});
