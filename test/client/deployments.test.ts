import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.each(backends)('client.deployments on %s', (backend) => {
  let server: TestServer;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    client = new CairnClient({ url: server.url });
    await client.models.create('sdk-scorer');
    await client.models.createVersion('sdk-scorer', 'mlflow-artifacts:/uploads/model');
    await client.models.createVersion('sdk-scorer', 'mlflow-artifacts:/uploads/model');
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates, updates, lists, rolls back and deletes a deployment', async () => {
    const created = await client.deployments.create('sdk-dep', { versions: [{ model: 'sdk-scorer', version: 1 }] }, { comment: 'first' });
    expect(created).toMatchObject({ name: 'sdk-dep', project: 'default', current: { revision: 1, comment: 'first' } });

    const canary = await client.deployments.update('sdk-dep', { versions: [{ model: 'sdk-scorer', version: 1, weight: 80 }, { model: 'sdk-scorer', version: 2, weight: 20 }], batching: { maxBatchSize: 16, maxWaitMs: 5 } }, 'canary');
    expect(canary.current).toMatchObject({ revision: 2, spec: { batching: { maxBatchSize: 16, maxWaitMs: 5 } } });
    expect((await client.deployments.list('default')).map((d) => d.name)).toEqual(['sdk-dep']);
    expect((await client.deployments.get('sdk-dep')).current.revision).toBe(2);

    const rolled = await client.deployments.rollback('sdk-dep', { comment: 'too slow' });
    expect(rolled.current).toMatchObject({ revision: 3, comment: 'too slow', spec: created.current.spec });
    expect((await client.deployments.revisions('sdk-dep')).map((r) => r.comment)).toEqual(['first', 'canary', 'too slow']);

    await client.deployments.delete('sdk-dep');
    await expect(client.deployments.get('sdk-dep')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports an invalid spec with its code and the field', async () => {
    await expect(client.deployments.create('bad', { versions: [{ model: 'sdk-scorer', version: 1, weight: 30 }] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('weights must sum to 100'),
    });
  });
});
