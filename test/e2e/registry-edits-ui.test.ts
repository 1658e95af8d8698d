import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.js';
import { seedRegistryEdits, type SeededRegistryEdits } from './support/seed-registry-edits.js';
import { useBrowserSession } from './support/browser-session.js';

describe('model page contents, native edits and project filters in a real browser', () => {
  let server: TestServer;
  let page: Page;
  let seeded: SeededRegistryEdits;

  const session = useBrowserSession(seedRegistryEdits);
  beforeAll(() => {
    ({ server, page, seeded } = session);
  });

  const openModel = async (name: string) => {
    await page.goto(`${server.url}/models/${encodeURIComponent(name)}`);
    await page.getByRole('heading', { name, exact: true }).waitFor();
  };
  const versionRow = (version: number) => page.getByTestId('version-row').filter({ hasText: `Version ${version}` });
  const details = (version: number) => page.getByTestId(`version-details-${version}`);
  const openDetails = async (version: number) => {
    await page.getByRole('button', { name: `Details of version ${version}` }).click();
    await details(version).waitFor();
  };
  const rowTexts = async (table: string) => page.getByRole('table', { name: table }).locator('tbody tr').allTextContents();

  it('shows the format, signature and files with digests of a version uploaded as an ONNX file', async () => {
    await openModel(seeded.fraudModel);
    await expect.poll(() => versionRow(1).getByTestId('version-format').textContent()).toBe('onnx');
    await openDetails(1);
    const panel = details(1);
    const inputs = panel.getByRole('table', { name: 'signature inputs' }).locator('tbody tr');
    await expect.poll(() => inputs.allTextContents()).toEqual(['inputFP32[?, 4]']);
    const outputs = panel.getByRole('table', { name: 'signature outputs' }).locator('tbody tr');
    expect(await outputs.allTextContents()).toEqual(['probabilitiesFP32[?, 3]']);

    const files = panel.getByRole('table', { name: 'version files' }).locator('tbody tr');
    expect(await files.count()).toBe(2);
    const onnxRow = files.filter({ hasText: 'model.onnx' });
    const digest = seeded.digests.get('model.onnx') ?? '';
    expect(await onnxRow.getByTestId('file-digest').textContent()).toBe(digest.slice(0, 12));
    expect(await onnxRow.getByTestId('file-digest').getAttribute('title')).toBe(digest);
    expect(await files.filter({ hasText: 'labels.txt' }).textContent()).toContain('23 B');

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await onnxRow.getByRole('button', { name: 'Copy sha256 of model.onnx' }).click();
    await expect.poll(() => onnxRow.getByRole('button', { name: 'Copy sha256 of model.onnx' }).textContent()).toBe('Copied');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(digest);
  });

  it('saves a description edit that survives a reload', async () => {
    await openModel(seeded.fraudModel);
    await page.getByRole('button', { name: 'Edit description' }).click();
    await page.getByLabel('Description', { exact: true }).fill('Flags card fraud in real time.');
    await page.getByRole('button', { name: 'Save description' }).click();
    await expect.poll(() => page.getByTestId('model-description').textContent()).toContain('Flags card fraud in real time.');
    await page.reload();
    await expect.poll(() => page.getByTestId('model-description').textContent()).toContain('Flags card fraud in real time.');
  });

  it('adds a model tag and removes another', async () => {
    await openModel(seeded.fraudModel);
    await page.getByLabel('Tag key').fill('owner');
    await page.getByLabel('Tag value').fill('risk-team');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => rowTexts('model tags')).toEqual(['ownerrisk-teamRemove', 'teamriskRemove']);
    await page.getByRole('button', { name: 'Remove tag team' }).click();
    await expect.poll(() => rowTexts('model tags')).toEqual(['ownerrisk-teamRemove']);
    await page.reload();
    await expect.poll(() => rowTexts('model tags')).toEqual(['ownerrisk-teamRemove']);
  });

  it('moves a version to another stage', async () => {
    await openModel(seeded.fraudModel);
    expect(await versionRow(2).textContent()).toContain('None');
    await openDetails(2);
    await details(2).getByLabel('New stage of version 2').selectOption('Staging');
    await details(2).getByRole('button', { name: 'Set stage' }).click();
    await expect.poll(() => versionRow(2).locator('.badge.stage-staging').textContent()).toBe('Staging');
    await page.reload();
    await expect.poll(() => versionRow(2).locator('.badge.stage-staging').count()).toBe(1);
  });

  it('refuses to delete the version holding a protected alias, saying why, and deletes another after a confirm', async () => {
    await openModel(seeded.fraudModel);
    await openDetails(1);
    await details(1).getByRole('button', { name: 'Delete version 1…' }).click();
    const confirm1 = details(1).getByRole('group', { name: 'Confirm deleting version 1' });
    expect(await confirm1.textContent()).toContain('@production');
    await confirm1.getByRole('button', { name: 'Delete', exact: true }).click();
    const refusal = confirm1.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toMatch(/^Not allowed: .*production/);
    expect(await page.getByTestId('version-row').count()).toBe(2);

    await openDetails(2);
    await details(2).getByRole('button', { name: 'Delete version 2…' }).click();
    await details(2).getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('version-row').count()).toBe(2);
    await details(2).getByRole('button', { name: 'Delete version 2…' }).click();
    await details(2).getByRole('group', { name: 'Confirm deleting version 2' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.getByTestId('version-row').count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByTestId('version-row').allTextContents()).toHaveLength(1);
  });

  it('filters the models list by project and shows each model’s project', async () => {
    await page.goto(`${server.url}/models`);
    const rows = page.getByRole('table', { name: 'registered models' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.filter({ hasText: seeded.fraudModel }).getByTestId('project-cell').textContent()).toBe('fraud');
    expect(await rows.filter({ hasText: seeded.modelName }).getByTestId('project-cell').textContent()).toBe('default');
    await page.getByLabel('Filter by project').selectOption('fraud');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(seeded.fraudModel);
    expect(page.url()).toMatch(/\/models\?project=fraud$/);
    // The filter lives in the URL, so a reload (or a shared link) keeps it.
    await page.reload();
    await expect.poll(() => rows.allTextContents()).toHaveLength(1);
    await page.getByLabel('Filter by project').selectOption('default');
    await expect.poll(() => rows.count()).toBe(2);
  });

  it('filters the experiments list by project and shows each experiment’s project', async () => {
    await page.goto(`${server.url}/`);
    const rows = page.getByRole('table', { name: 'experiments' }).locator('tbody tr');
    await expect.poll(() => rows.filter({ hasText: seeded.fraudExperiment }).count()).toBe(1);
    const total = await rows.count();
    expect(total).toBeGreaterThan(1);
    expect(await rows.filter({ hasText: seeded.fraudExperiment }).getByTestId('project-cell').textContent()).toBe('fraud');
    await page.getByLabel('Filter by project').selectOption('fraud');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(seeded.fraudExperiment);
    await page.getByLabel('Filter by project').selectOption('');
    await expect.poll(() => rows.count()).toBe(total);
  });

  it('creates an experiment in the project the list is filtered by', async () => {
    await page.goto(`${server.url}/?project=fraud`);
    await page.getByLabel('New experiment name').fill('fraud-tuning');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'fraud-tuning' }).waitFor();
    await page.goto(`${server.url}/?project=fraud`);
    const rows = page.getByRole('table', { name: 'experiments' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'fraud-tuning' }).getByTestId('project-cell').textContent()).toBe('fraud');
  });

  it('refuses a rename to a taken name with a readable reason, then renames and follows the model', async () => {
    await openModel(seeded.fraudModel);
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New model name').fill(seeded.modelName);
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Rename model' }).getByRole('alert').textContent()).toMatch(/^Already exists: /);
    await page.getByLabel('New model name').fill('fraud-detector-v2');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('heading', { name: 'fraud-detector-v2', exact: true }).waitFor();
    expect(page.url()).toMatch(/\/models\/fraud-detector-v2$/);
    expect(await page.getByTestId('model-description').textContent()).toContain('Flags card fraud in real time.');
  });
});
