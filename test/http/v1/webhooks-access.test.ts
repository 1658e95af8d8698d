import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { everyone, startAlphaProject, type AlphaProject } from '../access-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

describe.each(backends)('webhook access on %s', (backend) => {
  let alpha: AlphaProject;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    alpha = await startAlphaProject(backend);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await alpha?.server.close();
    await receiver.close();
  });

  const listAsAdmin = async () => (await alpha.admin.ok<{ webhooks: { id: number }[] }>('GET', '/api/v1/projects/alpha/webhooks')).webhooks;

  it('lets only admins of the project create, list, test, delete webhooks and see deliveries', async () => {
    const existing = await alpha.admin.ok<{ webhook: { id: number } }>('POST', '/api/v1/projects/alpha/webhooks', { url: receiver.url });
    const id = existing.webhook.id;
    for (const who of everyone) {
      const as = alpha.as[who];
      const allowed = who === 'admin';
      const answers = [
        await as.call('GET', '/api/v1/projects/alpha/webhooks'),
        await as.call('GET', `/api/v1/webhooks/${id}/deliveries`),
        await as.call('POST', `/api/v1/webhooks/${id}/test`),
      ];
      for (const answer of answers) {
        expect(answer.status, who).toBe(allowed ? 200 : 403);
        if (!allowed) expect(answer.body).toMatchObject({ error: { code: 'PERMISSION_DENIED' } });
      }
      const before = (await listAsAdmin()).length;
      const created = await as.call('POST', '/api/v1/projects/alpha/webhooks', { url: receiver.url });
      expect(created.status, who).toBe(allowed ? 201 : 403);
      if (!allowed) expect((await listAsAdmin()).length).toBe(before);
      if (allowed) {
        const { webhook, secret } = created.body as { webhook: { id: number }; secret: string };
        expect(secret).toMatch(/^whsec_/);
        expect((await as.call('DELETE', `/api/v1/webhooks/${webhook.id}`)).status).toBe(200);
      } else {
        expect((await as.call('DELETE', `/api/v1/webhooks/${id}`)).status, who).toBe(403);
      }
    }
    expect((await listAsAdmin()).map((w) => w.id)).toEqual([id]);
  });

  it('names the caller, the role needed and the project when it refuses', async () => {
    const refused = await alpha.as.contributor.call('GET', '/api/v1/projects/alpha/webhooks');
    expect((refused.body as { error: { message: string } }).error.message).toMatch(/needs role admin in project 'alpha' to manage webhooks \(has role contributor\)/);
  });
});
