import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.js';
import { useBrowserSession } from './support/browser-session.js';

const password = 'admin-secret-123';

/** A deployment `scoring` of a model version registered from a run (never called here, so no real model file). */
async function seedDeployment(url: string): Promise<void> {
  const authorization = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}/api/v1${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as any;
  };
  const { experiment } = await post('/experiments', { name: 'scoring-runs' });
  const { run } = await post('/runs', { experimentId: experiment.experimentId });
  await post('/models', { name: 'scorer' });
  await post('/models/scorer/versions', { source: `runs:/${run.info.runId}/model` });
  await post('/deployments', { name: 'scoring', spec: { versions: [{ model: 'scorer', version: 1 }] } });
}

describe('API token form of the admin page, with authentication on', () => {
  let server: TestServer;
  let page: Page;

  const session = useBrowserSession(seedDeployment, { auth: true, adminPassword: password });
  beforeAll(() => {
    ({ server, page } = session);
  });

  it('makes a token scoped to one deployment and lists its scope', async () => {
    await page.goto(`${server.url}/admin`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Username').fill('admin');
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();

    await page.getByLabel('Token name').fill('scoring-app');
    await page.getByLabel('Scope to deployment').fill('scoring');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByTestId('new-token').locator('code.secret-value').textContent();
    const row = page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /scoring-app/ });
    await expect.poll(() => row.textContent()).toContain('deployment scoring');

    // The secret opens nothing but the deployment's inference routes.
    const refused = await fetch(`${server.url}/api/v1/models/scorer`, { headers: { authorization: `Bearer ${secret ?? ''}` } });
    expect(refused.status).toBe(403);

    await page.getByLabel('Token name').fill('wrong-scope');
    await page.getByLabel('Scope to deployment').fill('no-such-deployment');
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'New API token' }).getByRole('alert').textContent()).toContain("Deployment 'no-such-deployment' not found");
  });
});
