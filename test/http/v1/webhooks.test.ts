import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type CairnApp } from '../../../src/app.js';
import { verifyWebhookSignature } from '../../../src/domain/webhooks/webhook-signature.js';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { nativeApi, type NativeApi } from './native-client.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './webhook-receiver.js';

const retry = { maxAttempts: 3, delaysMs: [1_000, 5_000] };

describe.each(backends)('webhooks on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let receiver: WebhookReceiver;
  let now: number;
  const clock = { now: () => now };
  const dispatch = () => server.app.webhookDispatcher.runOnce();

  beforeEach(async () => {
    now = 1_800_000_000_000;
    server = await startTestServer({ backend, clock, webhooks: { start: false, retry } });
    call = nativeApi(server.url);
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  async function createWebhook(body: Record<string, unknown> = {}, project = 'default') {
    const created = await call('createWebhook', { params: { project }, body: { url: receiver.url, ...body } });
    expect(created.status).toBe(201);
    return created.body as { webhook: { id: number; events: string[] }; secret: string };
  }

  const actions = (requests: ReceivedRequest[]) => requests.map((r) => r.json.event.action);

  it('signs the delivery of a registered version and a moved alias so that the secret verifies them', async () => {
    const { webhook, secret } = await createWebhook();
    expect(webhook.events).toEqual(['model.*', 'model_version.*', 'promotion.*']);
    expect(secret).toMatch(/^whsec_/);

    await call('createModel', { body: { name: 'scorer' } });
    await call('createModelVersion', { params: { name: 'scorer' }, body: { source: 'mlflow-artifacts:/uploads/model' } });
    await call('setModelAlias', { params: { name: 'scorer', alias: 'champion' }, body: { version: 1 } });
    const summary = await dispatch();
    expect(summary).toMatchObject({ enqueued: 3, sent: 3, delivered: 3 });

    expect(actions(receiver.received).sort()).toEqual(['model.alias.set', 'model.create', 'model_version.create']);
    for (const request of receiver.received) {
      const timestamp = String(request.headers['x-cairn-timestamp']);
      expect(timestamp).toBe(String(Math.floor(now / 1000)));
      expect(verifyWebhookSignature(secret, timestamp, request.body, String(request.headers['x-cairn-signature']))).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', timestamp, request.body, String(request.headers['x-cairn-signature']))).toBe(false);
      expect(request.headers['x-cairn-event']).toBe(request.json.event.action);
      expect(request.headers['x-cairn-delivery']).toBe(request.json.deliveryId);
      expect(request.json).toMatchObject({ attempt: 1, event: { project: 'default', actor: 'local' } });
      expect(request.json.id).toMatch(/^[0-9a-f]{64}$/);
    }
    const version = receiver.received.find((r) => r.json.event.action === 'model_version.create')!.json;
    expect(version.event).toMatchObject({ resourceType: 'model_version', resourceId: 'scorer/1' });
    const alias = receiver.received.find((r) => r.json.event.action === 'model.alias.set')!.json;
    expect(alias.event).toMatchObject({ resourceType: 'model', resourceId: 'scorer', details: { alias: 'champion', version: 1 } });

    const { body } = await call('listWebhookDeliveries', { params: { id: String(webhook.id) } });
    expect(body.deliveries.map((d: { action: string }) => d.action)).toEqual(['model.alias.set', 'model_version.create', 'model.create']);
    for (const delivery of body.deliveries) expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, nextAttemptTime: null, history: [{ attempt: 1, responseStatus: 200, error: null }] });
    expect((await dispatch()).sent).toBe(0);
  });

  it('retries a failing receiver with backoff until it accepts, recording every attempt', async () => {
    const { webhook } = await createWebhook({ events: ['model.create'] });
    receiver.respondWith([500, 502]);
    await call('createModel', { body: { name: 'flaky' } });

    expect(await dispatch()).toMatchObject({ sent: 1, retrying: 1 });
    expect((await dispatch()).sent).toBe(0); // not due yet
    now += 1_000;
    expect(await dispatch()).toMatchObject({ sent: 1, retrying: 1 });
    now += 4_999;
    expect((await dispatch()).sent).toBe(0);
    now += 1;
    expect(await dispatch()).toMatchObject({ sent: 1, delivered: 1 });

    expect(receiver.received.map((r) => r.json.attempt)).toEqual([1, 2, 3]);
    expect(new Set(receiver.received.map((r) => r.json.deliveryId)).size).toBe(1);
    const [delivery] = (await call('listWebhookDeliveries', { params: { id: String(webhook.id) } })).body.deliveries;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, deliveredTime: now, nextAttemptTime: null });
    expect(delivery.history.map((h: { responseStatus: number; error: string | null }) => [h.responseStatus, h.error])).toEqual([
      [500, 'HTTP 500'],
      [502, 'HTTP 502'],
      [200, null],
    ]);
  });

  it('marks a delivery failed after the last attempt and sends it no more', async () => {
    const { webhook } = await createWebhook({ events: ['model.*'] });
    receiver.respondWith([], 503);
    await call('createModel', { body: { name: 'down' } });
    for (let i = 0; i < 5; i += 1) {
      await dispatch();
      now += 60_000;
    }
    expect(receiver.received).toHaveLength(3);
    const failed = await call('listWebhookDeliveries', { params: { id: String(webhook.id) }, query: { status: 'failed' } });
    expect(failed.body.deliveries).toHaveLength(1);
    expect(failed.body.deliveries[0]).toMatchObject({ status: 'failed', attempts: 3, nextAttemptTime: null, deliveredTime: null });
    expect(failed.body.deliveries[0].history).toHaveLength(3);
    expect((await call('listWebhookDeliveries', { params: { id: String(webhook.id) }, query: { status: 'pending' } })).body.deliveries).toEqual([]);
  });

  it('sends only matching actions of its own project that happened after it was created', async () => {
    await call('createModel', { body: { name: 'before' } });
    await server.app.database.db.insertInto('projects').values({ name: 'other', description: '', protected_aliases: '[]', creation_time: now }).execute();
    await createWebhook({ events: ['model_version.create'] });
    await call('createModel', { body: { name: 'mine' } });
    await call('createModelVersion', { params: { name: 'mine' }, body: { source: 'mlflow-artifacts:/uploads/a' } });
    await call('createModelVersion', { params: { name: 'before' }, body: { source: 'mlflow-artifacts:/uploads/b' } });
    await call('createModel', { body: { name: 'theirs', project: 'other' } });
    await call('createModelVersion', { params: { name: 'theirs' }, body: { source: 'mlflow-artifacts:/uploads/c' } });
    await call('createExperiment', { body: { name: 'unrelated' } });
    await dispatch();
    expect(receiver.received.map((r) => r.json.event.resourceId).sort()).toEqual(['before/1', 'mine/1']);
  });

  it('sends each event once when two apps share the database', async () => {
    const second: CairnApp = await createApp(server.app.config, { clock, defaultMetrics: false, webhooks: { start: false, retry } });
    try {
      const { webhook } = await createWebhook({ events: ['*'] });
      await call('createModel', { body: { name: 'shared' } });
      for (let i = 0; i < 6; i += 1) await call('createModelVersion', { params: { name: 'shared' }, body: { source: `mlflow-artifacts:/uploads/${i}` } });
      const dispatchers = [server.app.webhookDispatcher, second.webhookDispatcher];
      await Promise.all([...dispatchers, ...dispatchers].map((d) => d.runOnce()));
      await Promise.all(dispatchers.map((d) => d.runOnce()));

      const seqs = receiver.received.map((r) => r.json.event.seq as number);
      expect(seqs).toHaveLength(8); // webhook.create, model.create, six versions
      expect(new Set(seqs).size).toBe(8);
      const { body } = await call('listWebhookDeliveries', { params: { id: String(webhook.id) } });
      expect(body.deliveries.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('refuses a bad URL or pattern with INVALID_ARGUMENT and creates nothing', async () => {
    const bad: Record<string, unknown>[] = [
      { url: 'ftp://example.com/hook' },
      { url: 'not a url' },
      { url: 'http://user:secret@example.com/hook' },
      { url: 'https://example.com/hook#frag' },
      { url: receiver.url, events: ['models.*'] },
      { url: receiver.url, events: ['model'] },
      { url: receiver.url, events: ['*.create'] },
      { url: receiver.url, events: [] },
      { url: receiver.url, unknownField: 1 },
    ];
    for (const body of bad) {
      const answer = await call('createWebhook', { params: { project: 'default' }, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('INVALID_ARGUMENT');
    }
    expect((await call('listWebhooks', { params: { project: 'default' } })).body.webhooks).toEqual([]);
    const audit = await server.app.database.db.selectFrom('audit_events').select('action').where('action', 'like', 'webhook.%').execute();
    expect(audit).toEqual([]);
  });

  it('lists webhooks without secrets, deletes one with its deliveries, and audits both without the secret', async () => {
    const { webhook, secret } = await createWebhook({ url: `${receiver.url}?token=abc`, description: 'ops' });
    await call('createModel', { body: { name: 'listed' } });
    await dispatch();
    const listed = await call('listWebhooks', { params: { project: 'default' } });
    expect(listed.body.webhooks).toEqual([expect.objectContaining({ id: webhook.id, project: 'default', description: 'ops', createdBy: 'local' })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    expect((await call('deleteWebhook', { params: { id: String(webhook.id) } })).status).toBe(200);
    expect((await call('listWebhooks', { params: { project: 'default' } })).body.webhooks).toEqual([]);
    const gone = await call('listWebhookDeliveries', { params: { id: String(webhook.id) } });
    expect(gone.status).toBe(404);
    expect((await call('deleteWebhook', { params: { id: String(webhook.id) } })).body.error.code).toBe('NOT_FOUND');
    expect(await server.app.database.db.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);

    const audit = await server.app.database.db.selectFrom('audit_events').select(['action', 'resource_id', 'details']).where('action', 'like', 'webhook.%').orderBy('seq').execute();
    expect(audit.map((e) => [e.action, e.resource_id])).toEqual([
      ['webhook.create', String(webhook.id)],
      ['webhook.delete', String(webhook.id)],
    ]);
    for (const event of audit) {
      expect(event.details).not.toContain(secret);
      expect(event.details).not.toContain('token=abc');
    }
  });

  it('answers NOT_FOUND for an unknown project or webhook', async () => {
    expect((await call('listWebhooks', { params: { project: 'nowhere' } })).body.error.code).toBe('NOT_FOUND');
    expect((await call('createWebhook', { params: { project: 'nowhere' }, body: { url: receiver.url } })).body.error.code).toBe('NOT_FOUND');
    for (const id of ['999', 'abc']) {
      expect((await call('listWebhookDeliveries', { params: { id } })).status).toBe(404);
      expect((await call('testWebhook', { params: { id } })).status).toBe(404);
    }
  });

  it('pings a receiver with a signed webhook.ping and reports its answer', async () => {
    const { webhook, secret } = await createWebhook();
    const ok = await call('testWebhook', { params: { id: String(webhook.id) } });
    expect(ok.body).toMatchObject({ ok: true, responseStatus: 200, error: null });
    const [ping] = receiver.received;
    expect(ping!.json.event).toMatchObject({ action: 'webhook.ping', resourceId: String(webhook.id), project: 'default' });
    expect(verifyWebhookSignature(secret, String(ping!.headers['x-cairn-timestamp']), ping!.body, String(ping!.headers['x-cairn-signature']))).toBe(true);

    receiver.respondWith([410]);
    expect((await call('testWebhook', { params: { id: String(webhook.id) } })).body).toMatchObject({ ok: false, responseStatus: 410, error: 'HTTP 410' });
  });
});
