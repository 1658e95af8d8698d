import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(backends)('listing experiments and models of one project (%s)', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let admin: Record<string, string>;
  let bob: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({ backend, auth: true, adminPassword: 'admin-password' });
    call = nativeApi(server.url);
    admin = bearer((await call('login', { body: { username: 'admin', password: 'admin-password' } })).body.token);
    await call('createUser', { headers: admin, body: { name: 'bob', password: 'bob-password', displayName: 'Bob' } });
    bob = bearer((await call('login', { body: { username: 'bob', password: 'bob-password' } })).body.token);
    expect((await call('createProject', { headers: admin, body: { name: 'fraud', description: '' } })).status).toBe(201);
    for (const [name, project] of [['fraud-exp', 'fraud'], ['plain-exp', undefined]] as const) {
      expect((await call('createExperiment', { headers: admin, body: { name, ...(project ? { project } : {}) } })).status).toBe(201);
    }
    for (const [name, project] of [['fraud-model', 'fraud'], ['fraud-model-2', 'fraud'], ['plain-model', undefined]] as const) {
      expect((await call('createModel', { headers: admin, body: { name, ...(project ? { project } : {}) } })).status).toBe(201);
    }
  });
  afterAll(() => server.close());

  it('answers only the named project’s models, paging within it', async () => {
    const first = await call('listModels', { headers: admin, query: { project: 'fraud', maxResults: '1', orderBy: 'name ASC' } });
    expect(first.status).toBe(200);
    expect(first.body.models.map((m: { name: string; project: string }) => [m.name, m.project])).toEqual([['fraud-model', 'fraud']]);
    const second = await call('listModels', { headers: admin, query: { project: 'fraud', maxResults: '1', orderBy: 'name ASC', pageToken: first.body.nextPageToken } });
    expect(second.body.models.map((m: { name: string }) => m.name)).toEqual(['fraud-model-2']);
    expect(second.body.nextPageToken).toBeUndefined();
    const plain = await call('listModels', { headers: admin, query: { project: 'default' } });
    expect(plain.body.models.map((m: { name: string }) => m.name)).toEqual(['plain-model']);
  });

  it('answers only the named project’s experiments, on the list and the search route', async () => {
    const listed = await call('listExperiments', { headers: admin, query: { project: 'fraud' } });
    expect(listed.status).toBe(200);
    expect(listed.body.experiments.map((e: { name: string; project: string }) => [e.name, e.project])).toEqual([['fraud-exp', 'fraud']]);
    const searched = await call('searchExperiments', { headers: admin, body: { project: 'default' } });
    expect(searched.body.experiments.map((e: { name: string }) => e.name)).toContain('plain-exp');
    expect(searched.body.experiments.map((e: { name: string }) => e.name)).not.toContain('fraud-exp');
  });

  it('refuses an unknown project with NOT_FOUND and an unreadable one with PERMISSION_DENIED', async () => {
    const unknown = await call('listModels', { headers: admin, query: { project: 'nope' } });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const denied = await call('listExperiments', { headers: bob, query: { project: 'fraud' } });
    expect([denied.status, denied.body.error.code]).toEqual([403, 'PERMISSION_DENIED']);
    // Without the filter bob simply sees nothing of projects he cannot read.
    const all = await call('listModels', { headers: bob });
    expect(all.body.models.map((m: { project: string }) => m.project)).not.toContain('fraud');
  });

  it('rejects a page token taken from another project’s listing', async () => {
    const first = await call('listModels', { headers: admin, query: { project: 'fraud', maxResults: '1' } });
    const reused = await call('listModels', { headers: admin, query: { project: 'default', maxResults: '1', pageToken: first.body.nextPageToken } });
    expect([reused.status, reused.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
  });
});
