import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { CairnApiError, CairnClient, type CreatedWebhook, type DeliveryPage, type PingResult, type Webhook } from '../../src/client/index.js';
import type { createdWebhookSchema, deliveryPageSchema, pingResultSchema, webhookSchema } from '../../src/http/routes/v1/webhook-schemas.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../http/v1/webhook-receiver.js';

/** zod writes optional fields as `x?: T | undefined`; the SDK's types say `x?: T`. */
type Exact<T> = T extends readonly (infer E)[] ? Exact<E>[] : T extends object ? { [K in keyof T]: Exact<Exclude<T[K], undefined>> } : T;

describe('SDK webhook types', () => {
  it('match the wire schemas of the server', () => {
    expectTypeOf<Webhook>().toEqualTypeOf<Exact<z.output<typeof webhookSchema>>>();
    expectTypeOf<CreatedWebhook>().toEqualTypeOf<Exact<z.output<typeof createdWebhookSchema>>>();
    expectTypeOf<DeliveryPage>().toEqualTypeOf<Exact<z.output<typeof deliveryPageSchema>>>();
    expectTypeOf<PingResult>().toEqualTypeOf<Exact<z.output<typeof pingResultSchema>>>();
  });
});

describe.each(backends)('client.webhooks on %s', (backend) => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend, webhooks: { start: false } });
    receiver = await startWebhookReceiver();
    client = new CairnClient({ url: server.url });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('creates, lists, pings, shows deliveries of and deletes a webhook', async () => {
    const { webhook, secret } = await client.webhooks.create('default', receiver.url, { events: ['model.create'], description: 'sdk' });
    expect(secret).toMatch(/^whsec_/);
    expect(await client.webhooks.list('default')).toEqual([webhook]);
    expect(await client.webhooks.test(webhook.id)).toMatchObject({ ok: true, responseStatus: 200 });

    await client.models.create('sdk-model');
    await server.app.webhookDispatcher.runOnce();
    const page = await client.webhooks.deliveries(webhook.id, { status: 'delivered', maxResults: 10 });
    expect(page.deliveries.map((d) => [d.action, d.resourceId, d.attempts])).toEqual([['model.create', 'sdk-model', 1]]);

    await client.webhooks.delete(webhook.id);
    expect(await client.webhooks.list('default')).toEqual([]);
    await expect(client.webhooks.deliveries(webhook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages through deliveries newest first', async () => {
    const { webhook } = await client.webhooks.create('default', receiver.url, { events: ['model.create'] });
    for (const name of ['page-a', 'page-b', 'page-c']) await client.models.create(name);
    await server.app.webhookDispatcher.runOnce();
    const first = await client.webhooks.deliveries(webhook.id, { maxResults: 2 });
    expect(first.deliveries.map((d) => d.resourceId)).toEqual(['page-c', 'page-b']);
    const second = await client.webhooks.deliveries(webhook.id, { maxResults: 2, pageToken: first.nextPageToken! });
    expect(second.deliveries.map((d) => d.resourceId)).toEqual(['page-a']);
    expect(second.nextPageToken).toBeUndefined();
    const bad = await client.webhooks.deliveries(webhook.id, { pageToken: 'nonsense' }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(CairnApiError);
    expect((bad as CairnApiError).code).toBe('INVALID_ARGUMENT');
    await client.webhooks.delete(webhook.id);
  });
});
