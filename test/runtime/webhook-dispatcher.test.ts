import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryQueueSql } from '../../src/storage/sql/delivery-queue-sql.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { nativeApi, type NativeApi } from '../http/v1/native-client.js';
import { startWebhookReceiver, type WebhookReceiver } from '../http/v1/webhook-receiver.js';

describe.each(backends)('webhook dispatcher on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let receiver: WebhookReceiver;
  let now: number;
  const clock = { now: () => now };

  beforeEach(async () => {
    now = 1_800_000_000_000;
    server = await startTestServer({ backend, clock, webhooks: { start: false, timeoutMs: 200, retry: { maxAttempts: 5, delaysMs: [1_000] } } });
    call = nativeApi(server.url);
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  async function hookedModel(name: string): Promise<number> {
    const { body } = await call('createWebhook', { params: { project: 'default' }, body: { url: receiver.url, events: ['model.create'] } });
    await call('createModel', { body: { name } });
    return body.webhook.id;
  }

  const history = async (id: number) => (await call('listWebhookDeliveries', { params: { id: String(id) } })).body.deliveries[0];

  it('sends again, as the next attempt, a delivery whose dispatcher died mid-attempt once its lease ends', async () => {
    const id = await hookedModel('orphan');
    receiver.respondWith([500]);
    await server.app.webhookDispatcher.runOnce();
    now += 1_000;
    // Another replica claims the retry, then dies before finishing it.
    const replica = new DeliveryQueueSql(server.app.database.db, server.app.database.dialect);
    const [lost] = await replica.claimDue(now, now + 30_000, 10);
    expect(lost).toMatchObject({ attempt: 2, event: { action: 'model.create', resourceId: 'orphan' } });

    expect((await server.app.webhookDispatcher.runOnce()).sent).toBe(0);
    now += 30_000;
    expect((await server.app.webhookDispatcher.runOnce()).delivered).toBe(1);
    expect(receiver.received.map((r) => r.json.attempt)).toEqual([1, 3]);
    expect(await history(id)).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  it('does not follow a redirect and gives up an attempt the receiver does not answer in time', async () => {
    const id = await hookedModel('slow');
    receiver.respondWith([302, 0]);
    await server.app.webhookDispatcher.runOnce();
    now += 1_000;
    await server.app.webhookDispatcher.runOnce();
    now += 1_000;
    await server.app.webhookDispatcher.runOnce();
    const delivery = await history(id);
    expect(delivery.history.map((h: { responseStatus: number | null; error: string | null }) => [h.responseStatus, h.error])).toEqual([
      [302, 'HTTP 302'],
      [null, 'no answer within 200 ms'],
      [200, null],
    ]);
    expect(delivery.status).toBe('delivered');
    expect(receiver.received.every((r) => r.headers['x-cairn-delivery'] === delivery.id)).toBe(true);
  });

  it('records a refused connection as a failed attempt', async () => {
    const closed = await startWebhookReceiver();
    await closed.close();
    const { body } = await call('createWebhook', { params: { project: 'default' }, body: { url: closed.url, events: ['model.create'] } });
    await call('createModel', { body: { name: 'refused' } });
    await server.app.webhookDispatcher.runOnce();
    const delivery = await history(body.webhook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, nextAttemptTime: now + 1_000 });
    expect(delivery.history[0]).toMatchObject({ responseStatus: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
