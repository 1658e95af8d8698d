import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

describe.each(backends)('native experiments API on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
  });
  afterAll(() => server.close());

  it('creates an experiment and finds it by id and by name', async () => {
    const created = await call('createExperiment', { body: { name: 'churn', tags: [{ key: 'team', value: 'risk' }] } });
    expect(created.status).toBe(201);
    const { experiment } = created.body;
    expect(experiment).toMatchObject({ name: 'churn', lifecycleStage: 'active', tags: [{ key: 'team', value: 'risk' }] });
    expect(experiment.artifactLocation).toBe(`mlflow-artifacts:/${experiment.experimentId}`);

    const byId = await call('getExperiment', { params: { experimentId: experiment.experimentId } });
    expect(byId.body.experiment).toEqual(experiment);
    const byName = await call('getExperimentByName', { query: { name: 'churn' } });
    expect(byName.body.experiment.experimentId).toBe(experiment.experimentId);
  });

  it('answers 409 ALREADY_EXISTS for a taken name', async () => {
    await call('createExperiment', { body: { name: 'taken' } });
    const again = await call('createExperiment', { body: { name: 'taken' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EXISTS');
  });

  it('rejects a wrong type with 400 and a message naming the field', async () => {
    const answer = await call('createExperiment', { body: { name: 42 } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
    expect(answer.body.error.message).toContain("'name'");
  });

  it('rejects fields the API does not know, naming them', async () => {
    const answer = await call('createExperiment', { body: { name: 'x', experimentName: 'typo' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('experimentName');
  });

  it('rejects malformed JSON with 400 INVALID_ARGUMENT', async () => {
    const answer = await call('createExperiment', { rawBody: '{"name": ' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('answers 404 NOT_FOUND for an unknown experiment and an unknown endpoint', async () => {
    const missing = await call('getExperiment', { params: { experimentId: '987654' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');

    const response = await fetch(`${server.url}/api/v1/no-such-thing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('renames an experiment and sets and removes tags, keys with slashes included', async () => {
    const { experimentId } = (await call('createExperiment', { body: { name: 'before' } })).body.experiment;
    const renamed = await call('updateExperiment', { params: { experimentId }, body: { name: 'after' } });
    expect(renamed.body.experiment.name).toBe('after');

    const tagged = await call('setExperimentTag', { params: { experimentId }, body: { key: 'owner/primary', value: 'ana' } });
    expect(tagged.body.experiment.tags).toContainEqual({ key: 'owner/primary', value: 'ana' });
    const untagged = await call('deleteExperimentTag', { params: { experimentId }, query: { key: 'owner/primary' } });
    expect(untagged.body.experiment.tags).toEqual([]);
  });

  it('soft-deletes and restores an experiment, and lists by view type', async () => {
    const { experimentId } = (await call('createExperiment', { body: { name: 'ephemeral' } })).body.experiment;
    const deleted = await call('deleteExperiment', { params: { experimentId } });
    expect(deleted.body.experiment.lifecycleStage).toBe('deleted');

    const active = await call('listExperiments', { query: { filter: "name = 'ephemeral'" } });
    expect(active.body.experiments).toEqual([]);
    const onlyDeleted = await call('listExperiments', { query: { viewType: 'DELETED_ONLY', filter: "name = 'ephemeral'" } });
    expect(onlyDeleted.body.experiments.map((e: { experimentId: string }) => e.experimentId)).toEqual([experimentId]);

    const restored = await call('restoreExperiment', { params: { experimentId } });
    expect(restored.body.experiment.lifecycleStage).toBe('active');
  });

  it('pages through a listing with tokens, in the requested order', async () => {
    for (const name of ['page-c', 'page-a', 'page-b']) await call('createExperiment', { body: { name } });
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const query: Record<string, string | string[]> = { filter: "name LIKE 'page-%'", maxResults: '2', orderBy: ['name DESC'] };
      if (pageToken) query.pageToken = pageToken;
      const page = await call('listExperiments', { query });
      names.push(...page.body.experiments.map((e: { name: string }) => e.name));
      pageToken = page.body.nextPageToken;
    } while (pageToken);
    expect(names).toEqual(['page-c', 'page-b', 'page-a']);
  });

  it('searches with a JSON body and reports a bad filter as 400', async () => {
    await call('createExperiment', { body: { name: 'searchable', tags: [{ key: 'stage', value: 'prod' }] } });
    const found = await call('searchExperiments', { body: { filter: "tags.stage = 'prod'" } });
    expect(found.body.experiments.map((e: { name: string }) => e.name)).toEqual(['searchable']);

    const bad = await call('searchExperiments', { body: { filter: 'name ==== 1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('rejects a maxResults beyond the limit naming the field', async () => {
    const answer = await call('listExperiments', { query: { maxResults: '50001' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain("'maxResults'");
  });
});
