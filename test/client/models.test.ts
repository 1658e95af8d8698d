import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { CairnClient, type CodeVersion, type ModelVersion, type RegisteredModel } from '../../src/client/index.js';
import type { lineageSchema, modelVersionSchema, registeredModelSchema } from '../../src/http/routes/v1/registry-schemas.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

type Exact<T> = T extends readonly (infer E)[] ? Exact<E>[] : T extends object ? { [K in keyof T]: Exact<Exclude<T[K], undefined>> } : T;

describe('SDK model types', () => {
  it('match the wire schemas of the server', () => {
    expectTypeOf<ModelVersion>().toEqualTypeOf<Exact<z.output<typeof modelVersionSchema>>>();
    expectTypeOf<RegisteredModel>().toEqualTypeOf<Exact<z.output<typeof registeredModelSchema>>>();
    expectTypeOf<CodeVersion>().toEqualTypeOf<Exact<NonNullable<z.output<typeof lineageSchema>['run']>['codeVersion']>>();
  });
});

describe.each(backends)('SDK models on %s', (backend) => {
  let server: TestServer;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    client = new CairnClient({ url: server.url });
  });
  afterAll(() => server.close());

  it('registers a version from a run, aliases it and answers its lineage', async () => {
    const run = await client.startRun({ experimentName: 'sdk-models', runName: 'gbm', captureCodeVersion: false, tags: { 'mlflow.source.git.commit': 'abc' } });
    await run.logParams({ max_depth: 6 });
    run.logMetric('loss', Number.NaN);
    await run.end();

    await client.models.create('sdk-scorer', { tags: { team: 'risk' } });
    const version = await client.models.createVersion('sdk-scorer', `runs:/${run.runId}/model`);
    expect(version).toMatchObject({ name: 'sdk-scorer', version: 1, runId: run.runId });
    const model = await client.models.setAlias('sdk-scorer', 'champion', 1);
    expect(model.aliases).toEqual([{ alias: 'champion', version: 1 }]);

    const detail = await client.models.get('sdk-scorer');
    expect(detail.versions.map((v) => v.aliases)).toEqual([['champion']]);
    const page = await client.models.list({ filter: "name LIKE 'sdk-%'", maxResults: 10 });
    expect(page.models.map((m) => m.name)).toEqual(['sdk-scorer']);

    const lineage = await client.models.lineage('sdk-scorer', 1);
    expect(lineage.run).toMatchObject({ runId: run.runId, runName: 'gbm', experimentName: 'sdk-models', status: 'FINISHED' });
    expect(lineage.run?.codeVersion.gitCommit).toBe('abc');
    expect(lineage.run?.params).toEqual([{ key: 'max_depth', value: '6' }]);
    expect(lineage.run?.metrics[0]?.value).toBeNaN();
  });

  it('writes a model card, fills its evaluation and reads it back with its completeness', async () => {
    const run = await client.startRun({ experimentName: 'sdk-cards', captureCodeVersion: false });
    run.logMetric('auc', 0.9);
    run.logMetric('drift', Number.POSITIVE_INFINITY);
    await run.end();
    await client.models.create('sdk-carded');
    await client.models.createVersion('sdk-carded', `runs:/${run.runId}/model`);

    expect((await client.models.card('sdk-carded')).card.updatedTime).toBeNull();
    const fields = { owner: 'risk', intendedUse: 'review', limitations: 'EU only', trainingData: 'tx 2024', riskTier: 'critical', riskRationale: 'blocks payments' } as const;
    const updated = await client.models.updateCard('sdk-carded', fields, { updatedBy: 'ana' });
    expect(updated.completeness.missing).toEqual(['evaluation']);
    const filled = await client.models.fillEvaluation('sdk-carded', 1);
    expect(filled.card.evaluation?.metrics).toEqual([
      { key: 'auc', value: 0.9 },
      { key: 'drift', value: Number.POSITIVE_INFINITY },
    ]);
    expect(await client.models.card('sdk-carded')).toEqual(filled);
    expect(filled.completeness.complete).toBe(true);
  });

  it('fails with NOT_FOUND for an unknown model', async () => {
    await expect(client.models.lineage('nope', 1)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
