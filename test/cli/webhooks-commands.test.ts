import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../http/v1/webhook-receiver.js';
import { runCli } from './run-cli.js';

describe('cairn webhooks commands', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite', webhooks: { start: false } });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  it('creates a webhook showing its secret once, lists it, shows its deliveries and deletes it', async () => {
    const created = await cli('webhooks', 'create', receiver.url, '--event', 'model.*', '--event', 'promotion.approve', '--description', 'ci', '--json');
    expect(created.code).toBe(0);
    const { webhook, secret } = JSON.parse(created.stdout);
    expect(webhook.events).toEqual(['model.*', 'promotion.approve']);
    expect(secret).toMatch(/^whsec_/);

    const list = await cli('webhooks', 'list');
    expect(list.stdout.split('\n')[0]).toMatch(/^\s*ID\s+URL\s+EVENTS\s+CREATED\s+DESCRIPTION/);
    expect(list.stdout).toContain(receiver.url);
    expect(list.stdout).not.toContain(secret);

    await new CairnClient({ url: server.url }).models.create('cli-hooked');
    await server.app.webhookDispatcher.runOnce();
    const deliveries = await cli('webhooks', 'deliveries', String(webhook.id));
    expect(deliveries.code).toBe(0);
    expect(deliveries.stdout).toMatch(/model\.create\s+cli-hooked\s+delivered\s+1\s+HTTP 200/);

    const ping = await cli('webhooks', 'test', String(webhook.id));
    expect(ping.stdout).toMatch(/delivered \(HTTP 200\)/);

    expect((await cli('webhooks', 'delete', String(webhook.id))).code).toBe(0);
    expect((await cli('webhooks', 'list')).stdout).toBe('No webhooks.\n');
  });

  it('reports a bad URL with its error code and exit code 1', async () => {
    const result = await cli('webhooks', 'create', 'ftp://example.com/hook');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/only http and https.*\(INVALID_ARGUMENT\)/);
  });
});
