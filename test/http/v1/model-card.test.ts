import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

const card = {
  owner: 'risk-team',
  intendedUse: 'Score card transactions for fraud review',
  limitations: 'Not for transactions outside the EU',
  trainingData: 'transactions 2024-01..2024-06',
  fairnessNotes: 'Checked across age bands',
  riskTier: 'high',
  riskRationale: 'Blocks payments without review',
};

describe.each(backends)('native model card API on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let runId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    const experimentId = (await call('createExperiment', { body: { name: 'fraud' } })).body.experiment.experimentId;
    runId = (await call('createRun', { body: { experimentId } })).body.run.info.runId;
    await call('logBatch', {
      params: { runId },
      body: { params: [], tags: [], metrics: [{ key: 'auc', value: 0.91, timestamp: 1, step: 0 }, { key: 'drift', value: 'Infinity', timestamp: 1, step: 0 }] },
    });
    await call('createModel', { body: { name: 'scorer' } });
    await call('createModelVersion', { params: { name: 'scorer' }, body: { source: `runs:/${runId}/model` } });
  });
  afterAll(() => server.close());

  it('writes a card, fills its evaluation from a version and answers its completeness', async () => {
    const empty = await call('getModelCard', { params: { name: 'scorer' } });
    expect(empty.status).toBe(200);
    expect(empty.body.card).toMatchObject({ name: 'scorer', riskTier: null, updatedTime: null });
    expect(empty.body.completeness.complete).toBe(false);

    const put = await call('putModelCard', { params: { name: 'scorer' }, body: { ...card, updatedBy: 'ana' } });
    expect(put.status).toBe(200);
    // A caller-supplied updatedBy is ignored: without authentication the caller is the local admin.
    expect(put.body.card).toMatchObject({ ...card, updatedBy: 'local' });
    expect(put.body.completeness).toEqual({
      complete: false,
      required: ['owner', 'intendedUse', 'limitations', 'trainingData', 'riskTier', 'riskRationale', 'evaluation'],
      missing: ['evaluation'],
    });

    const filled = await call('fillModelCardEvaluation', { params: { name: 'scorer' }, body: { version: 1 } });
    expect(filled.status).toBe(200);
    expect(filled.body.card.evaluation).toMatchObject({
      version: 1,
      runId,
      metrics: [
        { key: 'auc', value: 0.91 },
        { key: 'drift', value: 'Infinity' },
      ],
    });
    expect(filled.body.completeness).toMatchObject({ complete: true, missing: [] });
    expect((await call('getModelCard', { params: { name: 'scorer' } })).body).toEqual(filled.body);
  });

  it('refuses a bad tier, an over-long field and an unknown field with 400, naming the field, and changes nothing', async () => {
    const before = (await call('getModelCard', { params: { name: 'scorer' } })).body;
    const badTier = await call('putModelCard', { params: { name: 'scorer' }, body: { ...card, riskTier: 'extreme' } });
    expect(badTier.status).toBe(400);
    expect(badTier.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('riskTier') });
    const tooLong = await call('putModelCard', { params: { name: 'scorer' }, body: { ...card, limitations: 'x'.repeat(20_001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('limitations');
    const typo = await call('putModelCard', { params: { name: 'scorer' }, body: { ...card, ownr: 'x' } });
    expect(typo.status).toBe(400);
    expect((await call('getModelCard', { params: { name: 'scorer' } })).body).toEqual(before);
  });

  it('answers 404 for an unknown model or version', async () => {
    expect((await call('getModelCard', { params: { name: 'nobody' } })).body.error.code).toBe('NOT_FOUND');
    expect((await call('putModelCard', { params: { name: 'nobody' }, body: card })).status).toBe(404);
    const noVersion = await call('fillModelCardEvaluation', { params: { name: 'scorer' }, body: { version: 9 } });
    expect(noVersion.status).toBe(404);
  });
});
