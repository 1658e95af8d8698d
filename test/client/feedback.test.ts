import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnApiError, CairnClient } from '../../src/client/index.js';
import { backends } from '../support/backends.js';
import { logPrediction } from '../support/prediction-records.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(backends)('client.feedback on %s', (backend) => {
  let server: TestServer;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend, predictionLog: { retention: false } });
    client = new CairnClient({ url: server.url });
    const experiment = await client.experiments.create('sdk-feedback');
    const run = await client.runs.create({ experimentId: experiment.experimentId });
    await client.models.create('sdk-fb');
    await client.models.createVersion('sdk-fb', `runs:/${run.info.runId}/model`);
    await client.deployments.create('sdk-fb-dep', { versions: [{ model: 'sdk-fb', version: 1 }] });
  });
  afterAll(async () => {
    await server.close();
  });

  it('adds labels one by one and in bulk, lists them and reads the review queue', async () => {
    const records = await Promise.all([0, 1, 2].map(() => logPrediction(server.app, 'sdk-fb-dep', { model: 'sdk-fb' })));
    const one = await client.feedback.add(records[0]!.id, 'spam', { comment: 'obvious' });
    expect(one).toMatchObject({ predictionId: records[0]!.id, label: 'spam', comment: 'obvious', source: 'expert' });
    expect(await client.feedback.addMany('sdk-fb-dep', [{ predictionId: records[1]!.id, label: 'ham' }])).toBe(1);
    const page = await client.feedback.list('sdk-fb-dep', { maxResults: 1 });
    expect(page.feedback).toHaveLength(1);
    expect(page.nextPageToken).toBeDefined();
    const queue = await client.feedback.reviewQueue('sdk-fb-dep', { strategy: 'sample', limit: 5 });
    expect(queue.map((p) => p.id)).toEqual([records[2]!.id]);
    expect(queue[0]!.uncertainty).toBeNull();
  });

  it('fails a bulk call with an unknown id as a CairnApiError naming it', async () => {
    const error = await client.feedback.addMany('sdk-fb-dep', [{ predictionId: 'missing-id', label: 1 }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CairnApiError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', status: 400, message: expect.stringContaining("'missing-id'") });
  });
});
