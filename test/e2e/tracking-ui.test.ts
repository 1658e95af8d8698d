import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.js';
import { seedTracking, type Seeded } from './support/seed-tracking.js';
import { useBrowserSession } from './support/browser-session.js';

describe('tracking web UI in a real browser', () => {
  let server: TestServer;
  let page: Page;
  let seeded: Seeded;

  const runByName = (name: string) => {
    const run = seeded.runs.find((r) => r.name === name);
    if (!run) throw new Error(`no seeded run ${name}`);
    return run;
  };
  const rows = () => page.locator('.runs-row');
  const rowNames = () => page.locator('.runs-row .run-link').allTextContents();
  const filterRuns = async (filter: string) => {
    await page.getByLabel('Filter runs').fill(filter);
    await page.getByLabel('Filter runs').press('Enter');
  };

  const session = useBrowserSession(seedTracking);
  beforeAll(() => {
    ({ server, page, seeded } = session);
  });

  it('lists experiments and opens one to show its runs', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: seeded.experimentName, exact: true }).click();
    await expect.poll(() => page.url()).toContain(`/experiments/${seeded.experimentId}`);
    await expect.poll(() => rows().count()).toBe(4);
    expect((await rowNames()).sort()).toEqual(['alpha', 'beta', 'delta', 'gamma']);
  });

  it('narrows the runs table to the runs matching a typed filter', async () => {
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await expect.poll(() => rows().count()).toBe(4);
    await filterRuns("params.optimizer = 'adam'");
    await expect.poll(() => rows().count()).toBe(2);
    expect((await rowNames()).sort()).toEqual(['alpha', 'gamma']);
    await filterRuns("params.optimizer = 'adam' AND metrics.loss < 0.01");
    await expect.poll(() => rowNames()).toEqual(['alpha']);
  });

  it("shows the server's message when the filter cannot be parsed", async () => {
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await expect.poll(() => rows().count()).toBe(4);
    await filterRuns('metrics.loss <<< 1');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('INVALID_PARAMETER_VALUE');
    expect(await rows().count()).toBe(0);
  });

  it('orders runs by a metric when its column header is clicked', async () => {
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await expect.poll(() => rows().count()).toBe(4);
    await page.getByRole('columnheader', { name: /loss/ }).click();
    // Descending final loss: the slowest learner first.
    await expect.poll(() => rowNames()).toEqual(['gamma', 'beta', 'delta', 'alpha']);
    await page.getByRole('columnheader', { name: /loss/ }).click();
    await expect.poll(() => rowNames()).toEqual(['alpha', 'delta', 'beta', 'gamma']);
  });

  it("shows a run's params, a metric chart and a pretty-printed JSON artifact", async () => {
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await page.getByRole('link', { name: 'alpha', exact: true }).click();
    await page.getByRole('heading', { name: 'alpha' }).waitFor();
    const params = page.getByRole('table', { name: 'parameters' });
    expect(await params.getByRole('row', { name: /optimizer/ }).textContent()).toContain('adam');
    await page.locator('.line-chart canvas').first().waitFor();
    const preview = page.getByTestId('artifact-text');
    await expect.poll(() => preview.textContent()).toContain('"accuracy": 0.93');
    expect(await preview.textContent()).toContain('\n  "classes": [');
    await page.getByRole('button', { name: /plots/ }).click();
    await page.getByRole('button', { name: /notes\.txt/ }).click();
    await expect.poll(() => preview.textContent()).toContain('seattle weather');
  });

  it('compares two selected runs with a param diff and overlaid charts', async () => {
    await page.goto(`${server.url}/experiments/${seeded.experimentId}`);
    await expect.poll(() => rows().count()).toBe(4);
    await page.getByLabel('Select alpha').check();
    await page.getByLabel('Select beta').check();
    await page.getByRole('button', { name: 'Compare (2)' }).click();
    await page.getByRole('heading', { name: 'Comparing 2 runs' }).waitFor();
    const diff = page.getByTestId('params-diff');
    const lrRow = diff.getByRole('row', { name: /^lr/ });
    expect(await lrRow.getAttribute('class')).toContain('differs');
    expect(await lrRow.textContent()).toContain('0.1');
    expect(await lrRow.textContent()).toContain('0.01');
    expect(await diff.getByRole('row', { name: /^epochs/ }).getAttribute('class')).not.toContain('differs');
    await page.locator('.line-chart canvas').first().waitFor();
    expect(page.url()).toContain(runByName('alpha').id);
    await expect.poll(() => page.locator('.scatter circle').count()).toBe(2);
  });
});
