import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.js';
import { useBrowserSession } from './support/browser-session.js';
import { seedGovernance, signInToken, type SeededGovernance, type SeededUser } from './support/seed-governance.js';

const admin: SeededUser = { name: 'admin', password: 'admin-secret-123' };

describe('governance web UI in a real browser, with authentication on', () => {
  let server: TestServer;
  let page: Page;
  let seeded: SeededGovernance;

  const session = useBrowserSession((url) => seedGovernance(url, admin), { auth: true, adminPassword: admin.password });
  beforeAll(() => {
    ({ server, page, seeded } = session);
  });

  // A string, as the test code has no DOM types: runs in the page.
  const storedToken = () => page.evaluate<string | null>("window.localStorage.getItem('cairn.token')");
  const modelUrl = () => `${server.url}/models/${encodeURIComponent(seeded.modelName)}`;

  async function signIn(user: SeededUser, displayName: string): Promise<void> {
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    await form.getByLabel('Username').fill(user.name);
    await form.getByLabel('Password').fill(user.password);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('user-menu').getByText(displayName, { exact: true }).waitFor();
  }

  async function signOut(): Promise<void> {
    await page.getByTestId('user-menu').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
  }

  it('asks for a sign-in, then shows who is signed in', async () => {
    await page.goto(modelUrl());
    await page.getByRole('heading', { name: 'Sign in to Cairn' }).waitFor();
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Username').fill(seeded.alice.name);
    await form.getByLabel('Password').fill('not-the-password');
    await form.getByRole('button', { name: 'Sign in' }).click();
    await form.getByRole('alert').waitFor();
    await signIn(seeded.alice, 'Alice Analyst');
    // Back on the page that asked for the sign-in.
    await page.getByRole('heading', { name: seeded.modelName }).waitFor();
    expect(await storedToken()).toBeTruthy();
  });

  /** Sets alice's role in the default project behind the browser's back, as an admin would. */
  async function setAliceRole(role: string): Promise<void> {
    const token = await signInToken(server.url, admin);
    const response = await fetch(`${server.url}/api/v1/projects/default/members/${seeded.alice.name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    expect(response.ok).toBe(true);
  }

  const artifactTree = () => page.getByRole('navigation', { name: 'Artifacts' });

  async function openRegisterForm(): Promise<void> {
    await artifactTree().getByRole('button', { name: 'model', exact: true }).click();
    await page.getByRole('button', { name: 'Register model' }).click();
    const form = page.getByRole('form', { name: 'Register model' });
    await expect.poll(() => form.getByTestId('register-source').textContent()).toBe(`runs:/${seeded.candidateRunId}/model`);
  }

  it("registers the model folder of her run as a new version, from the run's artifacts", async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'fraud', exact: true }).click();
    await page.getByRole('link', { name: 'candidate', exact: true }).click();
    await page.getByRole('heading', { name: 'candidate' }).waitFor();
    await openRegisterForm();
    const form = page.getByRole('form', { name: 'Register model' });

    // A new model under a name that is taken.
    await form.getByLabel('New model name').fill(seeded.modelName);
    await expect.poll(() => form.getByLabel('Project of the new model').inputValue()).toBe('default');
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Already exists: .*fraud-detector/);

    // alice loses her write role while the page is open: the server refuses, and a reload hides the action.
    await form.getByLabel('Registered model').selectOption(seeded.modelName);
    await setAliceRole('viewer');
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Not allowed: /);
    await page.reload();
    await artifactTree().getByRole('button', { name: 'model', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Register model' }).count()).toBe(0);

    await setAliceRole('contributor');
    await page.reload();
    await openRegisterForm();
    await form.getByLabel('Registered model').selectOption(seeded.modelName);
    await form.getByRole('button', { name: 'Register', exact: true }).click();
    const registered = form.getByRole('status');
    await expect.poll(() => registered.textContent()).toBe(`Registered ${seeded.modelName} version 2`);
    expect(await form.getByRole('alert').count()).toBe(0);

    await registered.getByRole('link', { name: `${seeded.modelName} version 2` }).click();
    await page.getByRole('heading', { name: seeded.modelName }).waitFor();
    const v2 = page.getByRole('table', { name: 'model versions' }).getByRole('row', { name: /Version 2/ });
    await v2.waitFor();
    expect(await v2.textContent()).toContain('mlflow');
  });

  it('edits the model card and fills its evaluation from a version', async () => {
    const card = page.getByTestId('model-card');
    await card.getByRole('button', { name: 'Edit card' }).click();
    const form = page.getByRole('form', { name: 'Edit model card' });
    await form.getByLabel('Risk tier').selectOption('medium');
    await form.getByLabel('Owner').fill('fraud-team@bank.example');
    await form.getByLabel('Intended use').fill('Ranks card transactions for manual review.');
    await form.getByLabel('Limitations').fill('Not for automatic blocking; trained on Q1 data only.');
    await form.getByLabel('Training data').fill('transactions-2024q1');
    await form.getByLabel('Risk rationale').fill('A person reviews every flag.');
    await form.getByRole('button', { name: 'Save card' }).click();
    await expect.poll(() => card.getByTestId('card-completeness').textContent()).toMatch(/^complete/);
    expect(await card.textContent()).toContain('medium risk');
    expect(await card.textContent()).toContain('Ranks card transactions for manual review.');

    await card.getByLabel('Version for evaluation').selectOption('2');
    await card.getByRole('button', { name: 'Fill evaluation from version' }).click();
    const evaluation = card.getByRole('table', { name: 'card evaluation' });
    await evaluation.waitFor();
    expect(await evaluation.getByRole('row', { name: /accuracy/ }).textContent()).toContain(String(seeded.accuracy.v2));
  });

  it('draws the lineage of a version from run to dataset and code', async () => {
    await page.getByLabel('Version for lineage').selectOption('2');
    await expect.poll(() => page.getByTestId('lineage-run').textContent()).toContain('candidate');
    expect(await page.getByTestId('lineage-dataset').textContent()).toContain('transactions-2024q1');
    expect(await page.getByTestId('lineage-code').textContent()).toContain('9f3c2a1');
  });

  it('requests promotion of the new version to production and shows the evidence', async () => {
    await page.getByLabel('Version to promote').selectOption('2');
    await page.getByLabel('Alias to promote to').fill('production');
    await page.getByLabel('Promotion comment').fill('Better accuracy on Q1 data');
    await page.getByRole('button', { name: 'Request promotion' }).click();
    const evidence = page.getByTestId('promotion-evidence');
    await evidence.waitFor();
    const metric = await evidence.getByTestId('evidence-metric').textContent();
    expect(metric).toContain(`candidate ${seeded.accuracy.v2}`);
    expect(metric).toContain(`current v1 ${seeded.accuracy.v1}`);
    expect(metric).toContain('better');
    const request = page.getByTestId('promotion');
    expect(await request.getByRole('button', { name: 'Withdraw' }).count()).toBe(1);
    expect(await request.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    const checks = evidence.getByRole('table', { name: 'promotion checks' });
    for (const name of ['card_complete', 'beats_current', 'run_finished']) {
      expect(await checks.getByRole('row', { name: new RegExp(name) }).textContent()).toContain('pass');
    }
  });

  it('ends the session on the server when signing out', async () => {
    const token = await storedToken();
    const me = () => fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token ?? ''}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    await signOut();
    await expect.poll(me).toBe(401);
    expect(await storedToken()).toBeNull();
  });

  it('lets a second user approve the request from the inbox with a comment', async () => {
    await signIn(seeded.bob, 'Bob Approver');
    await page.getByRole('navigation').getByRole('link', { name: 'Approvals' }).click();
    const request = page.getByTestId('promotion').filter({ hasText: seeded.modelName });
    await request.waitFor();
    expect(await request.textContent()).toContain('requested by alice');
    expect(await request.getByTestId('evidence-metric').textContent()).toContain(`candidate ${seeded.accuracy.v2}`);
    await request.getByRole('textbox').fill('Checked the evaluation; ship it.');
    await request.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => request.locator('.badge.promotion-approved').count()).toBe(1);
    expect(await request.getByRole('list', { name: 'decisions' }).textContent()).toContain('Checked the evaluation; ship it.');

    await page.getByRole('tab', { name: /Closed/ }).click();
    const closed = page.getByRole('table', { name: 'closed promotion requests' });
    await closed.waitFor();
    expect(await closed.textContent()).toContain('approved');
  });

  it('shows production on the new version on the model page', async () => {
    await page.goto(modelUrl());
    const versions = page.getByRole('table', { name: 'model versions' });
    const v2 = versions.getByRole('row', { name: /Version 2/ });
    await expect.poll(() => v2.getByTestId('alias-chip').allTextContents()).toContain('@productionv2');
    expect(await versions.getByRole('row', { name: /Version 1/ }).getByTestId('alias-chip').count()).toBe(0);
  });

  it('shows the promotion events in the audit viewer, with the chain intact', async () => {
    await signOut();
    await signIn(admin, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    await expect.poll(() => page.getByTestId('chain-status').textContent()).toContain('intact');
    const filters = page.getByRole('form', { name: 'Audit filters' });
    await filters.getByLabel('Resource type').fill('promotion');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const events = page.getByRole('table', { name: 'audit events' });
    await expect.poll(() => events.locator('tbody tr').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('promotion.open'), expect.stringContaining('promotion.approve')]),
    );
    const rows = await events.locator('tbody tr').allTextContents();
    expect(rows.find((r) => r.includes('promotion.open'))).toContain('alice');
    expect(rows.find((r) => r.includes('promotion.approve'))).toContain('bob');

    await filters.getByLabel('Resource type').fill('');
    await filters.getByLabel('Action').fill('model.alias.set');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => events.locator('tbody tr').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('production')]));

    // The version itself was registered by alice in the browser.
    await filters.getByLabel('Action').fill('model_version.create');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => events.locator('tbody tr').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(`${seeded.modelName}/2`)]),
    );
    const created = await events.locator('tbody tr').allTextContents();
    expect(created.find((r) => r.includes(`${seeded.modelName}/2`))).toContain('alice');
  });

  it('manages members, protected aliases, policies and API tokens on the admin pages', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('table', { name: 'projects' }).getByRole('link', { name: 'default' }).click();
    const members = page.getByRole('table', { name: 'members' });
    await expect.poll(() => members.getByRole('row', { name: /bob/ }).count()).toBe(1);
    const saved = page.waitForResponse((r) => r.url().endsWith('/members/bob') && r.request().method() === 'PUT');
    await page.getByLabel('Role of bob').selectOption('admin');
    expect((await saved).ok()).toBe(true);
    await page.reload();
    await expect.poll(() => page.getByLabel('Role of bob').inputValue()).toBe('admin');
    await page.getByLabel('Role of bob').selectOption('approver');
    await page.getByLabel('Member user name').fill('carol-missing');
    await page.getByRole('form', { name: 'Add member' }).getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('form', { name: 'Add member' }).getByRole('alert').waitFor();

    await page.getByLabel('Alias to protect').fill('staging');
    await page.getByRole('button', { name: 'Protect', exact: true }).click();
    await page.getByRole('button', { name: 'Unprotect staging' }).waitFor();

    const high = page.getByTestId('policy-high');
    await high.getByLabel('Approvals for high').fill('3');
    await high.getByRole('button', { name: 'Save high policy' }).click();
    await high.getByText('saved').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Approvals for high').inputValue()).toBe('3');
    expect(await page.getByTestId('policy-high').textContent()).toContain('set for this project');

    // A webhook to a closed port: created with its secret shown once, and the test ping reports the failure.
    await page.getByLabel('Webhook URL').fill('http://127.0.0.1:9/hooks');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('Signing secret').waitFor();
    const hooks = page.getByRole('table', { name: 'webhooks' });
    await hooks.getByRole('button', { name: 'Send test' }).click();
    await hooks.getByText(/test failed/).waitFor();
    await hooks.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhooks.').waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'Admin' }).click();
    expect(await page.getByRole('table', { name: 'users' }).textContent()).toContain('Alice Analyst');
    await page.getByLabel('Token name').fill('ci-pipeline');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByTestId('new-token').locator('code.secret-value').textContent();
    expect(secret?.length).toBeGreaterThan(20);
    const tokens = page.getByRole('table', { name: 'API tokens' });
    await tokens.getByRole('row', { name: /ci-pipeline/ }).waitFor();
    await page.getByRole('button', { name: 'Revoke token ci-pipeline' }).click();
    await expect.poll(() => tokens.getByRole('row', { name: /ci-pipeline/ }).textContent()).toContain('revoked');
    // The revoked secret no longer opens the API.
    const response = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret ?? ''}` } });
    expect(response.status).toBe(401);
  });
});

describe('web UI with authentication off', () => {
  let server: TestServer;
  let page: Page;
  const session = useBrowserSession(async () => undefined);
  beforeAll(() => {
    ({ server, page } = session);
  });

  it('shows no sign-in, and the local admin in the header', async () => {
    await page.goto(`${server.url}/admin`);
    const menu = page.getByTestId('user-menu');
    await menu.getByText('auth off').waitFor();
    expect(await menu.textContent()).toContain('local');
    expect(await menu.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await page.getByRole('form', { name: 'Sign in' }).count()).toBe(0);
    await page.getByRole('table', { name: 'projects' }).getByRole('link', { name: 'default' }).waitFor();
  });
});
