import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.js';
import { seedRegistry, type SeededRegistry } from './support/seed-registry.js';
import { useBrowserSession } from './support/browser-session.js';

describe('model registry web UI in a real browser', () => {
  let server: TestServer;
  let page: Page;
  let seeded: SeededRegistry;

  const modelRows = () => page.getByRole('table', { name: 'registered models' }).locator('tbody tr');

  const session = useBrowserSession(seedRegistry);
  beforeAll(() => {
    ({ server, page, seeded } = session);
  });

  it('lists registered models with latest version and aliases, and filters them by name', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Models' }).click();
    await expect.poll(() => page.url()).toMatch(/\/models$/);
    await expect.poll(() => modelRows().count()).toBe(2);
    const row = modelRows().filter({ hasText: seeded.modelName });
    expect(await row.textContent()).toContain('Version 3');
    expect(await row.getByTestId('alias-chip').textContent()).toBe('@championv3');
    await page.getByLabel('Search models by name').fill('weather');
    await expect.poll(() => modelRows().count()).toBe(1);
    expect(await modelRows().first().textContent()).toContain(seeded.modelName);
  });

  it('shows versions, alias chips and the metrics of versions side by side', async () => {
    await page.goto(`${server.url}/models`);
    await page.getByRole('link', { name: seeded.modelName, exact: true }).click();
    await page.getByRole('heading', { name: seeded.modelName }).waitFor();
    const versions = page.getByRole('table', { name: 'model versions' }).locator('tbody tr');
    await expect.poll(() => versions.count()).toBe(3);
    const newest = versions.first();
    expect(await newest.textContent()).toContain('Version 3');
    expect(await newest.textContent()).toContain('Staging');
    expect(await newest.getByTestId('alias-chip').textContent()).toBe('@championv3');
    expect(await newest.textContent()).toContain(`runs:/`);

    const metrics = page.getByTestId('version-metrics');
    await metrics.waitFor();
    // alpha (version 3) learns fastest: lowest final loss and highest accuracy.
    const lossRow = metrics.getByRole('row', { name: /^loss/ });
    const best = lossRow.locator('td.best');
    expect(await best.count()).toBe(1);
    expect(await lossRow.locator('td').nth(2).getAttribute('class')).toContain('best');
    expect(await metrics.getByRole('row', { name: /^accuracy/ }).locator('td').nth(2).getAttribute('class')).toContain('best');
    await expect.poll(() => page.locator('.scatter circle').count()).toBe(3);
    await page.getByLabel('Metric to plot').selectOption('loss');
    expect(await page.locator('.scatter svg').getAttribute('aria-label')).toBe('loss against Version');
  });

  it('opens the run a version came from', async () => {
    await page.goto(`${server.url}/models/${encodeURIComponent(seeded.modelName)}`);
    const runName = seeded.versionRuns.get(1) ?? '';
    await page.getByRole('link', { name: 'Run of version 1' }).click();
    await page.getByRole('heading', { name: runName }).waitFor();
    const run = seeded.runs.find((r) => r.name === runName);
    expect(page.url()).toContain(`/experiments/${seeded.experimentId}/runs/${run?.id ?? 'missing'}`);
  });
});
