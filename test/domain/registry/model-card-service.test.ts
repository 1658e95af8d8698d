import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unrestrictedAccess } from '../../../src/domain/access/unrestricted-access.js';
import type { ModelCardFields } from '../../../src/domain/registry/model-card.js';
import { ModelCardService } from '../../../src/domain/registry/model-card-service.js';
import { RegistryService } from '../../../src/domain/registry/registry-service.js';
import { ModelCardSqlStore } from '../../../src/storage/sql/model-card-sql-store.js';
import { RegistrySqlStore } from '../../../src/storage/sql/registry-sql-store.js';
import { backends } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';
import { serviceFixture, type ServiceFixture } from '../tracking/service-fixture.js';

const fullCard: ModelCardFields = {
  owner: 'risk-team',
  intendedUse: 'Score card transactions for fraud review',
  limitations: 'Not for transactions outside the EU',
  trainingData: 'transactions 2024-01..2024-06',
  fairnessNotes: '',
  riskTier: 'medium',
  riskRationale: 'A human reviews every flagged transaction',
};

describe.each(backends)('ModelCardService over the SQL stores (%s)', (backend) => {
  let f: ServiceFixture;
  let registry: RegistryService;
  let cards: ModelCardService;
  let runId: string;

  beforeAll(async () => {
    f = await serviceFixture(backend);
    registry = new RegistryService({
      store: new RegistrySqlStore(f.database.db, testAudit(f.database).audit),
      clock: f.clock,
      runArtifactUri: async (id) => (await f.service.getRunInfo(id)).artifactUri,
    });
    cards = new ModelCardService({ store: new ModelCardSqlStore(f.database.db, testAudit(f.database).audit), registry, tracking: f.service, clock: f.clock });
    runId = (await f.service.createRun({ experimentId: '0' })).info.runId;
    await f.service.logMetric(runId, { key: 'auc', value: 0.8, timestamp: 1, step: 0 });
    await f.service.logMetric(runId, { key: 'auc', value: 0.9, timestamp: 2, step: 1 });
    await f.service.logMetric(runId, { key: 'loss', value: Number.NaN, timestamp: 2, step: 1 });
  });
  afterAll(() => f.close());

  /** The same cards, changed by a signed-in user: the card records who, whatever a request says. */
  function cardsAs(name: string): ModelCardService {
    const access = { ...unrestrictedAccess, caller: () => ({ userId: 7, name, isAdmin: true }) };
    return new ModelCardService({ store: new ModelCardSqlStore(f.database.db, testAudit(f.database).audit), registry, tracking: f.service, clock: f.clock, access });
  }

  async function model(name: string): Promise<void> {
    await registry.createRegisteredModel(name);
    await registry.createModelVersion({ name, source: `runs:/${runId}/model`, runId, runLink: '', description: '', userId: '', tags: [] });
  }

  it('answers an empty, incomplete card for a model whose card was never written', async () => {
    await model('empty');
    const { card, completeness } = await cards.getCard('empty');
    expect(card).toMatchObject({ name: 'empty', owner: '', riskTier: null, evaluation: null, updatedTime: null });
    expect(completeness.complete).toBe(false);
    expect(completeness.missing).toEqual(['owner', 'intendedUse', 'limitations', 'trainingData', 'riskTier', 'riskRationale']);
  });

  it('counts a low or medium card complete without an evaluation, but not a high or critical one', async () => {
    await model('tiers');
    for (const riskTier of ['low', 'medium'] as const) {
      expect((await cards.updateCard('tiers', { ...fullCard, riskTier })).completeness).toMatchObject({ complete: true, missing: [] });
    }
    for (const riskTier of ['high', 'critical'] as const) {
      const { completeness } = await cards.updateCard('tiers', { ...fullCard, riskTier });
      expect(completeness).toMatchObject({ complete: false, missing: ['evaluation'] });
      expect(completeness.required).toContain('evaluation');
    }
    const filled = await cards.fillEvaluationFromVersion('tiers', 1);
    expect(filled.completeness).toMatchObject({ complete: true, missing: [] });
    expect((await cards.updateCard('tiers', { ...fullCard, riskRationale: '  ' })).completeness.missing).toEqual(['riskRationale']);
  });

  it("fills the evaluation summary from the latest metrics of the version's run and keeps it through a card update", async () => {
    await model('evaluated');
    f.clock.advance(1000);
    const { card } = await cardsAs('ana').fillEvaluationFromVersion('evaluated', '1');
    expect(card.evaluation).toEqual({
      version: 1,
      runId,
      metrics: [
        { key: 'auc', value: 0.9 },
        { key: 'loss', value: Number.NaN },
      ],
      filledTime: f.clock.now(),
    });
    expect(card.updatedBy).toBe('ana');
    const updated = await cardsAs('bo').updateCard('evaluated', fullCard);
    expect(updated.card).toMatchObject({ ...fullCard, updatedBy: 'bo', evaluation: { version: 1, runId } });
  });

  it('keeps the card through a rename and removes it with its model', async () => {
    await model('old-name');
    await cards.updateCard('old-name', fullCard);
    const { id } = await f.database.db.selectFrom('registered_models').select('id').where('name', '=', 'old-name').executeTakeFirstOrThrow();
    await registry.renameRegisteredModel('old-name', 'new-name');
    expect((await cards.getCard('new-name')).card).toMatchObject({ name: 'new-name', ...fullCard });

    await registry.deleteRegisteredModel('new-name');
    await expect(cards.getCard('new-name')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await model('new-name');
    expect((await cards.getCard('new-name')).card.updatedTime).toBeNull();
    const left = await f.database.db.selectFrom('model_cards').select('model_id').where('model_id', '=', id).execute();
    expect(left).toEqual([]);
  });

  it('refuses bad input naming the field and leaves the card unchanged', async () => {
    await model('guarded');
    const before = await cards.updateCard('guarded', fullCard);
    await expect(cards.updateCard('guarded', { ...fullCard, limitations: 'x'.repeat(20_001) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('limitations'),
    });
    await expect(cards.updateCard('guarded', { ...fullCard, riskTier: 'extreme' as never })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('riskTier'),
    });
    await expect(cards.fillEvaluationFromVersion('guarded', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await cards.getCard('guarded')).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown model', async () => {
    await expect(cards.getCard('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cards.updateCard('nobody', fullCard)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cards.fillEvaluationFromVersion('nobody', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to fill the evaluation from a version that names no run', async () => {
    await registry.createRegisteredModel('runless');
    await registry.createModelVersion({ name: 'runless', source: 'mlflow-artifacts:/x/model', runId: '', runLink: '', description: '', userId: '', tags: [] });
    await expect(cards.fillEvaluationFromVersion('runless', 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('version') });
  });
});
