import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestServer } from '../support/test-server.js';
import { useBrowserSession } from './support/browser-session.js';
import { argmax, infer, referenceCsv, seedMonitoring, send, trainingAccuracy, uniformValues } from './support/seed-monitoring.js';

interface LoggedPrediction {
  id: string;
  inputs: { data: number[] }[];
  outputs: { name: string; data: number[] }[];
}

describe('monitoring web UI in a real browser', () => {
  let server: TestServer;
  let page: Page;

  // Predictions are read as soon as they are logged (no settling time), so Run now sees them all.
  const session = useBrowserSession(seedMonitoring, { monitorSettleMs: 0 });
  beforeAll(() => {
    ({ server, page } = session);
  });

  const monitorForm = (name: string) => page.getByRole('form', { name });
  /** The two predictions left for the review page to label, by id. */
  let unlabelled: string[] = [];

  it('opens monitoring from the deployment page and creates a monitor, after the server refuses a bad schedule', async () => {
    await page.goto(`${server.url}/deployments/churn`);
    await page.getByRole('heading', { name: 'churn' }).waitFor();
    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.getByRole('heading', { name: 'Monitoring' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/deployments/churn/monitoring');
    await page.getByTestId('no-monitors').waitFor();

    await page.getByRole('button', { name: 'New monitor' }).click();
    const form = monitorForm('New monitor');
    // Nothing to send until it has a name.
    expect(await form.getByRole('button', { name: 'Create monitor' }).isDisabled()).toBe(true);
    await form.getByLabel('Monitor name').fill('inputs');
    await form.getByLabel('Monitor schedule').fill('every hour please');
    // Disabled, so the scheduler never runs it behind the test's back; Run now still does.
    await form.getByLabel('Monitor enabled').uncheck();
    await form.getByLabel('Window kind').selectOption('count');
    await form.getByLabel('Window size').fill('20');
    await form.getByLabel('Feature names').fill('f0, f1, f2, f3');
    await form.getByLabel('Task').selectOption('classification');
    await form.getByLabel('Probability output').fill('probabilities');
    await form.getByRole('button', { name: 'Add check' }).click();
    expect(await form.getByLabel('Kind of check 2').inputValue()).toBe('feature_drift');
    await form.getByRole('button', { name: 'Add check' }).click();
    await form.getByLabel('Kind of check 3').selectOption('performance');
    await form.getByLabel('Metric of check 3').selectOption('accuracy');
    await form.getByLabel('Minimum of check 3').fill('0.8');
    await form.getByLabel('Minimum labelled of check 3').fill('5');
    await form.getByLabel('Severity of check 3').selectOption('critical');

    await form.getByRole('button', { name: 'Create monitor' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Invalid input: .*schedule/);

    await form.getByLabel('Monitor schedule').fill('0 * * * *');
    await form.getByRole('button', { name: 'Create monitor' }).click();
    await page.getByTestId('monitor-view').waitFor();
    expect(await page.getByTestId('monitor-checks').textContent()).toBe('dataset_drift, feature_drift:*, accuracy ≥ 0.8');
    expect(await page.getByLabel('Monitor', { exact: true }).locator('option:checked').textContent()).toBe('inputs (every 20 predictions, disabled)');
    expect(new URL(page.url()).searchParams.get('monitor')).toMatch(/^\d+$/);
  });

  it('refuses a training-data reference the run cannot give, then takes an uploaded CSV', async () => {
    const card = page.getByTestId('reference-card');
    await card.getByTestId('no-reference').waitFor();
    // The seeded run logged no dataset, so there is no lineage to read a reference from.
    await card.getByRole('button', { name: 'Use training data' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toMatch(/^(Invalid input|Not possible now|Not found): /);

    await card.getByLabel('Reference file').setInputFiles({ name: 'reference.csv', mimeType: 'text/csv', buffer: Buffer.from(referenceCsv()) });
    await card.getByRole('button', { name: 'Upload reference' }).click();
    await expect.poll(() => card.getByTestId('reference-summary').textContent()).toMatch(/^200 rows from uploaded file reference\.csv.*columns: f0, f1, f2, f3$/);
  });

  it('labels the predictions waiting for review on the feedback queue page', async () => {
    // 20 predictions like the reference, then 20 with f0 shifted by 4: the second window drifts.
    const values = uniformValues(11, 160);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const row = values.slice(i * 4, i * 4 + 4);
      if (i >= 20) row[0] = (row[0] ?? 0) + 4;
      ids.push(await infer(server.url, row));
    }
    // The log is written in the background (a record can still be on its way to the queue): flush until all 40 are in.
    let predictions: LoggedPrediction[] = [];
    await expect
      .poll(async () => {
        await server.app.predictionLog.flush();
        predictions = (await send<{ predictions: LoggedPrediction[] }>(server.url, 'GET', '/deployments/churn/predictions?maxResults=100')).predictions;
        return predictions.length;
      })
      .toBe(40);
    // Right labels for the first window, wrong ones for the shifted second: its accuracy falls below 0.8.
    const labelOf = (p: LoggedPrediction) => {
      const predicted = argmax(p.outputs.find((o) => o.name === 'probabilities')?.data ?? []);
      return (p.inputs[0]?.data[0] ?? 0) > 2 ? (predicted + 1) % 3 : predicted;
    };
    unlabelled = ids.slice(-2);
    const items = predictions.filter((p) => !unlabelled.includes(p.id)).map((p) => ({ predictionId: p.id, label: labelOf(p) }));
    expect((await send<{ recorded: number }>(server.url, 'POST', '/deployments/churn/feedback', { items })).recorded).toBe(38);
    const wrong = new Map(predictions.filter((p) => unlabelled.includes(p.id)).map((p) => [p.id, labelOf(p)]));

    await page.getByRole('link', { name: 'Review predictions' }).click();
    await page.getByRole('heading', { name: 'Review predictions' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/deployments/churn/review');
    // Only the two predictions without feedback wait, each with its inputs and outputs.
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(2);
    expect(await page.getByRole('form', { name: `Review ${unlabelled[0]}` }).getByTestId('review-outputs').textContent()).toMatch(/probabilities \[1×3\]: /);

    const [first, second] = unlabelled as [string, string];
    await page.getByLabel(`Label for ${first}`).fill(String(wrong.get(first)));
    await page.getByLabel(`Comment for ${first}`).fill('checked by hand');
    await page.getByRole('form', { name: `Review ${first}` }).getByRole('button', { name: 'Save label' }).click();
    await expect.poll(() => page.getByTestId('review-item').count()).toBe(1);
    await page.getByLabel(`Label for ${second}`).fill(String(wrong.get(second)));
    await page.getByRole('form', { name: `Review ${second}` }).getByRole('button', { name: 'Save label' }).click();
    await page.getByText('Nothing to review').waitFor();
    expect(await page.getByTestId('labelled-count').textContent()).toBe('2 labelled in this session.');

    const feedback = page.getByRole('table', { name: 'recent feedback' });
    await expect.poll(() => feedback.getByRole('row', { name: /checked by hand/ }).count()).toBe(1);
    expect(await feedback.getByRole('row', { name: /checked by hand/ }).textContent()).toContain('expert');
    // The queue, read afresh, agrees.
    await page.getByRole('button', { name: 'Refresh queue' }).click();
    await page.getByText('Nothing to review').waitFor();
  });

  it('runs the monitor now and draws the drift heatmap, with the distributions of a clicked cell', async () => {
    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.getByTestId('monitor-view').waitFor();
    await page.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => page.getByTestId('run-summary').textContent()).toMatch(/^Read 40 predictions, closed 2 windows, stored \d+ results; [1-9]\d* alerts opened, 0 resolved\.$/);

    const heatmap = page.getByRole('img', { name: 'Drift heatmap' });
    // f0 drifts in the second window only; f1 in none.
    const f0 = heatmap.locator('[role="button"][aria-label^="f0 "]');
    await expect.poll(() => f0.count()).toBe(2);
    expect(await f0.nth(0).getAttribute('data-drift')).toBe('false');
    expect(await f0.nth(1).getAttribute('data-drift')).toBe('true');
    expect(await f0.nth(1).textContent()).toContain('×');
    const f1 = heatmap.locator('[role="button"][aria-label^="f1 "]');
    expect(await f1.nth(1).getAttribute('data-drift')).toBe('false');

    await f0.nth(1).click();
    const panel = page.getByTestId('distribution-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('distribution-verdict').textContent()).toMatch(/ — drift$/);
    const chart = panel.getByRole('img', { name: 'numerical distribution' });
    expect(await chart.locator('rect[data-series="reference"]').count()).toBeGreaterThan(0);
    expect(await chart.locator('rect[data-series="current"]').count()).toBeGreaterThan(0);
    expect(await panel.textContent()).toMatch(/Reference: 200 values.*Current: 20 values/);

    await f1.nth(1).click();
    expect(await panel.getByTestId('distribution-verdict').textContent()).toMatch(/ — no drift$/);
    // Run now is not a scheduled run, and the disabled monitor has none.
    await page.getByText('No scheduled run yet').waitFor();
  });

  it('plots accuracy per window against the training baseline', async () => {
    const chart = page.getByTestId('performance-accuracy');
    await chart.waitFor();
    await expect.poll(() => chart.getByTestId('performance-point').count()).toBe(2);
    expect(await chart.getByTestId('baseline-legend').textContent()).toContain(`training baseline ${trainingAccuracy}`);
    await chart.getByTestId('baseline-line').waitFor({ state: 'attached' });
  });

  it('acknowledges one alert and resolves another', async () => {
    const alerts = page.getByRole('table', { name: 'alerts' });
    const accuracy = alerts.getByRole('row', { name: /performance:accuracy/ });
    const drift = alerts.getByRole('row', { name: /feature_drift:f0/ });
    await accuracy.waitFor();
    await drift.waitFor();
    expect(await accuracy.getByTestId('alert-status').textContent()).toBe('open');
    expect(await accuracy.locator('td').first().textContent()).toBe('critical');

    await accuracy.getByRole('button', { name: /^Acknowledge alert/ }).click();
    await expect.poll(() => accuracy.getByTestId('alert-status').textContent()).toBe('acknowledged');
    expect(await accuracy.getByRole('button', { name: /^Acknowledge alert/ }).count()).toBe(0);

    await drift.getByRole('button', { name: /^Resolve alert/ }).click();
    await expect.poll(() => drift.count()).toBe(0);
    await page.getByLabel('Alert status').selectOption('resolved');
    const resolved = alerts.getByRole('row', { name: /feature_drift:f0/ });
    await resolved.waitFor();
    expect(await resolved.getByTestId('alert-status').textContent()).toBe('resolved');
    expect(await resolved.textContent()).toMatch(/resolved by \S+/);
  });

  it("sets the reference from a range of the deployment's own predictions", async () => {
    const card = page.getByTestId('reference-card');
    expect(await card.getByRole('button', { name: 'Use these predictions' }).isDisabled()).toBe(true);
    await card.getByLabel('Reference predictions from').fill('2000-01-01T00:00:00');
    await card.getByLabel('Reference predictions to').fill('2100-01-01T00:00:00');
    await card.getByRole('button', { name: 'Use these predictions' }).click();
    await expect.poll(() => card.getByTestId('reference-summary').textContent()).toMatch(/^40 rows from earlier predictions /);
  });

  it('edits the monitor, then deletes it', async () => {
    await page.getByRole('button', { name: 'Edit monitor' }).click();
    const form = monitorForm('Edit monitor');
    expect(await form.getByLabel('Monitor name').inputValue()).toBe('inputs');
    expect(await form.getByLabel('Minimum of check 3').inputValue()).toBe('0.8');
    await form.getByLabel('Remove check 1').click();
    await form.getByRole('button', { name: 'Add action' }).click();
    await form.getByLabel('Minimum severity of action 1').selectOption('critical');
    await form.getByLabel('Monitor name').fill('inputs-v2');
    await form.getByRole('button', { name: 'Save monitor' }).click();
    await expect.poll(() => page.getByTestId('monitor-checks').textContent()).toBe('feature_drift:*, accuracy ≥ 0.8');
    expect(await page.getByTestId('monitor-view').textContent()).toContain('retrain from critical');
    expect(await page.getByLabel('Monitor', { exact: true }).locator('option:checked').textContent()).toBe('inputs-v2 (every 20 predictions, disabled)');

    await page.getByRole('button', { name: 'Delete monitor' }).click();
    await page.getByRole('group', { name: 'Confirm delete monitor' }).getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByTestId('no-monitors').waitFor();
    expect((await send<{ monitors: unknown[] }>(server.url, 'GET', '/deployments/churn/monitors')).monitors).toHaveLength(0);
  });
});
