import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { linearClassifierModel } from '../support/onnx/onnx-models.js';
import { onnxBytes } from '../support/onnx/onnx-writer.js';
import type { TestServer } from '../support/test-server.js';
import { useBrowserSession } from './support/browser-session.js';

interface SeededScorer {
  model: string;
  /** The run behind each version, by version number. */
  runIds: Record<number, string>;
}

async function send<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Model `scorer` in the default project: two ONNX classifiers (4 features, 3 classes), each logged by its own run. */
async function seedScorer(baseUrl: string): Promise<SeededScorer> {
  const model = 'scorer';
  const { experiment } = await send<{ experiment: { experimentId: string } }>(baseUrl, 'POST', '/experiments', { name: 'scorer-training' });
  await send(baseUrl, 'POST', '/models', { name: model });
  const runIds: Record<number, string> = {};
  for (const version of [1, 2]) {
    const { run } = await send<{ run: { info: { runId: string } } }>(baseUrl, 'POST', '/runs', { experimentId: experiment.experimentId });
    const bytes = onnxBytes(linearClassifierModel({ features: 4, classes: 3, bias: [0.1 * version, 0, -0.1] }));
    const put = await fetch(`${baseUrl}/api/v1/runs/${run.info.runId}/artifacts/content?path=model.onnx`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    if (put.status !== 201) throw new Error(`artifact upload answered ${put.status}`);
    await send(baseUrl, 'POST', `/models/${model}/versions`, { source: `runs:/${run.info.runId}/model.onnx` });
    runIds[version] = run.info.runId;
  }
  return { model, runIds };
}

describe('deployments web UI in a real browser', () => {
  let server: TestServer;
  let page: Page;
  let seeded: SeededScorer;

  const session = useBrowserSession(seedScorer);
  beforeAll(() => {
    ({ server, page, seeded } = session);
  });

  const editor = () => page.getByRole('form', { name: 'Edit deployment' });
  const revisionRow = (n: number) => page.getByRole('table', { name: 'deployment revisions' }).getByTestId(`revision-${n}`);
  const serves = () => page.getByTestId('revision-summary').getByTestId('serves').textContent();

  it('creates a deployment from the list page and opens it', async () => {
    await page.goto(`${server.url}/deployments`);
    await page.getByRole('heading', { name: 'Deployments' }).waitFor();
    await page.getByText('No deployments yet.').waitFor();
    await page.getByRole('button', { name: 'New deployment' }).click();
    const form = page.getByRole('form', { name: 'New deployment' });
    await form.getByLabel('Deployment name').fill('churn');
    await expect.poll(() => form.getByLabel('Deployment project').inputValue()).toBe('default');
    await form.getByLabel('Model of traffic row 1').fill(seeded.model);
    await form.getByLabel('Version of traffic row 1').fill('1');
    await form.getByLabel('Deployment comment').fill('first release');
    await form.getByRole('button', { name: 'Create deployment' }).click();

    await page.getByRole('heading', { name: 'churn' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/deployments/churn');
    await expect.poll(serves).toBe('scorer:1 100%');
    expect(await revisionRow(1).textContent()).toContain('first release');

    // Listed with its project and what it serves.
    await page.getByRole('navigation').getByRole('link', { name: 'Deployments' }).click();
    const row = page.getByRole('table', { name: 'deployments' }).getByRole('row', { name: /churn/ });
    await row.waitFor();
    expect(await row.getByTestId('project-cell').textContent()).toBe('default');
    expect(await row.getByTestId('serves-cell').textContent()).toBe('scorer:1 100%');
    await row.getByRole('link', { name: 'churn' }).click();
    await page.getByRole('heading', { name: 'churn' }).waitFor();
  });

  it("shows the server's refusal, then saves a 50/50 canary as revision 2", async () => {
    const form = editor();
    await form.getByLabel('Weight of traffic row 1').fill('50');
    await form.getByRole('button', { name: 'Add version' }).click();
    expect(await form.getByLabel('Version of traffic row 2').inputValue()).toBe('2');
    // The split must sum to 100 before Save is offered.
    expect(await form.getByTestId('weight-total').textContent()).toBe('Total 50%');
    expect(await form.getByRole('button', { name: 'Save as revision 2' }).isDisabled()).toBe(true);
    await form.getByLabel('Weight of traffic row 2').fill('50');
    expect(await form.getByTestId('split-bar').getAttribute('aria-label')).toBe('traffic split scorer:1 50%, scorer:2 50%');

    // A version that does not exist: the server says which field is wrong.
    await form.getByLabel('Version of traffic row 2').fill('9');
    await form.getByRole('button', { name: 'Save as revision 2' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Invalid input: spec\.versions\[1\]/);

    await form.getByLabel('Version of traffic row 2').fill('2');
    await form.getByLabel('Change comment').fill('canary for version 2');
    await form.getByRole('button', { name: 'Save as revision 2' }).click();
    await expect.poll(serves).toBe('scorer:1 50% / scorer:2 50%');
    await revisionRow(2).waitFor();
    expect(await revisionRow(2).textContent()).toContain('canary for version 2');
    expect(await revisionRow(2).textContent()).toContain('scorer:1 50% / scorer:2 50%');
  });

  it('refuses to overwrite a change made since the page loaded', async () => {
    // Someone else changes the deployment behind the browser's back (same spec, new revision 3)...
    await send(server.url, 'PUT', '/deployments/churn', { spec: { versions: [{ model: 'scorer', version: 1, weight: 50 }, { model: 'scorer', version: 2, weight: 50 }] }, comment: 'elsewhere' });
    const form = editor();
    await form.getByLabel('Log sample rate (0–1)').fill('0.5');
    await form.getByRole('button', { name: 'Save as revision 3' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Not possible now: .*changed since revision 2 was read/);
    await page.reload();
    await revisionRow(3).waitFor();
  });

  it('rolls back to revision 1 as a new revision with its spec', async () => {
    await revisionRow(1).getByRole('button', { name: 'Roll back to revision 1' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm roll back to revision 1' });
    await confirm.getByLabel('Rollback comment').fill('canary looks off');
    await confirm.getByRole('button', { name: 'Confirm roll back' }).click();
    await revisionRow(4).waitFor();
    await expect.poll(serves).toBe('scorer:1 100%');
    const text = await revisionRow(4).textContent();
    expect(text).toContain('current');
    expect(text).toContain('scorer:1 100%');
    expect(text).toContain('canary looks off');
  });

  async function infer(): Promise<string> {
    const response = await fetch(`${server.url}/v2/models/churn/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }] }),
    });
    expect(response.status).toBe(200);
    return response.headers.get('x-prediction-id') ?? '';
  }

  let predictionId = '';

  it('draws the live request rate and latency after inference requests', async () => {
    for (let i = 0; i < 5; i++) predictionId = await infer();
    const latency = page.getByRole('img', { name: 'Latency' });
    // The stats are polled every 2 s; a lone second of traffic is a path of one point, so wait for it in the DOM.
    const p50 = latency.locator('path[data-testid="live-series"]').first();
    await p50.waitFor({ state: 'attached' });
    expect(await p50.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+/);
    expect(await latency.locator('circle').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('live-stats').textContent()).toMatch(/Prediction log: \d+ queued, \d+ dropped/);
    await expect.poll(() => page.getByTestId('loaded-models').textContent()).toMatch(/scorer:1 \(.*loaded in \d+ ms/);
  });

  it('lists logged predictions and opens one by id, with its lineage', async () => {
    // The log is written in the background; flushing it makes the wait short, not the test's outcome.
    await server.app.predictionLog.flush();
    const table = page.getByRole('table', { name: 'recent predictions' });
    // The log is written in the background: refresh until the last request shows.
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return table.getByRole('link', { name: predictionId }).count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(await table.getByRole('row', { name: new RegExp(predictionId) }).textContent()).toContain('scorer:1');

    await page.getByLabel('Find prediction by id').fill(predictionId);
    await page.getByRole('button', { name: 'Find prediction' }).click();
    await page.getByRole('heading', { name: 'Prediction' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/predictions/${predictionId}`);
    await expect.poll(() => page.getByTestId('prediction-run').textContent()).toBe(seeded.runIds[1]);
    expect(await page.getByRole('table', { name: 'prediction inputs' }).textContent()).toContain('[1,2,3,4]');
    expect(await page.getByRole('table', { name: 'prediction outputs' }).textContent()).toContain('probabilities');
    await page.getByTestId('lineage-run').waitFor();
  });
});
