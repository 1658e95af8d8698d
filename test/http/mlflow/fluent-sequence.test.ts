import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { mlflowHttp, type MlflowHttp } from './mlflow-http.js';

/** The request sequences the unchanged `mlflow` 2.x fluent API sends (reference sheet §11). */
describe.each(backends)('MLflow fluent API call sequences (%s)', (backend) => {
  let server: TestServer;
  let api: MlflowHttp;
  beforeAll(async () => {
    server = await startTestServer({ backend });
    api = mlflowHttp(server.url);
  });
  afterAll(() => server.close());

  /** mlflow.set_experiment(name): get-by-name; on RESOURCE_DOES_NOT_EXIST create, then get. */
  async function setExperiment(name: string): Promise<string> {
    const found = await api.get('experiments/get-by-name', { experiment_name: name });
    if (found.status === 200) return found.body.experiment.experiment_id;
    expect(found.body.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    const created = await api.post('experiments/create', { name });
    expect(created.status).toBe(200);
    const got = await api.get('experiments/get', { experiment_id: created.body.experiment_id });
    expect(got.body.experiment.lifecycle_stage).toBe('active');
    return got.body.experiment.experiment_id;
  }

  it('runs set_experiment, start_run, logging, end_run, search_runs, get_metric_history and delete_run', async () => {
    const experimentId = await setExperiment('fluent');
    expect(await setExperiment('fluent')).toBe(experimentId);

    const start = Date.now();
    const created = await api.post('runs/create', {
      experiment_id: experimentId,
      start_time: start,
      tags: [
        { key: 'mlflow.user', value: 'ada' },
        { key: 'mlflow.source.name', value: 'train.py' },
        { key: 'mlflow.source.type', value: 'LOCAL' },
      ],
    });
    expect(created.status).toBe(200);
    const runId: string = created.body.run.info.run_id;
    expect(created.body.run.info.end_time).toBeUndefined();

    const ok = { status: 200, body: {} };
    expect(await api.post('runs/log-parameter', { run_id: runId, run_uuid: runId, key: 'alpha', value: '0.5' })).toEqual(ok);
    expect(await api.post('runs/log-metric', { run_id: runId, run_uuid: runId, key: 'rmse', value: 0.9, timestamp: start, step: 0 })).toEqual(ok);
    expect(
      await api.post('runs/log-batch', {
        run_id: runId,
        metrics: [{ key: 'rmse', value: 0.7, timestamp: start + 1, step: 1 }, { key: 'r2', value: 0.6, timestamp: start + 1, step: 1 }],
        params: [{ key: 'l1_ratio', value: '0.1' }],
        tags: [{ key: 'stage', value: 'tuning' }],
      }),
    ).toEqual(ok);
    expect(await api.post('runs/set-tag', { run_id: runId, run_uuid: runId, key: 'note', value: 'first try' })).toEqual(ok);
    const ended = await api.post('runs/update', { run_id: runId, run_uuid: runId, status: 'FINISHED', end_time: start + 2 });
    expect(ended.body.run_info).toMatchObject({ status: 'FINISHED', end_time: start + 2 });

    const runs: Array<{ info: { run_id: string }; data: { metrics: Array<{ key: string; value: number }> } }> = [];
    let token: string | undefined;
    do {
      const page = await api.post('runs/search', {
        experiment_ids: [experimentId],
        filter: "params.alpha = '0.5' and metrics.rmse < 0.8",
        run_view_type: 'ACTIVE_ONLY',
        max_results: 1000,
        order_by: ['metrics.rmse ASC'],
        ...(token ? { page_token: token } : {}),
      });
      expect(page.status).toBe(200);
      runs.push(...(page.body.runs ?? []));
      token = page.body.next_page_token;
    } while (token);
    expect(runs.map((r) => r.info.run_id)).toEqual([runId]);
    expect(runs[0]?.data.metrics).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'rmse', value: 0.7 })]));

    const history = await api.get('metrics/get-history', { run_id: runId, run_uuid: runId, metric_key: 'rmse', max_results: 25000 });
    expect(history.body.metrics.map((m: { value: number }) => m.value)).toEqual([0.9, 0.7]);
    expect(history.body.next_page_token).toBeUndefined();

    expect(await api.post('runs/delete', { run_id: runId })).toEqual(ok);
    const afterDelete = await api.post('runs/search', { experiment_ids: [experimentId] });
    expect(afterDelete.body).toEqual({});
    const deleted = await api.post('runs/search', { experiment_ids: [experimentId], run_view_type: 'DELETED_ONLY' });
    expect(deleted.body.runs).toHaveLength(1);
  });

  it('starts a run in the Default experiment when the client never called set_experiment', async () => {
    const created = await api.post('runs/create', { experiment_id: '0', start_time: Date.now(), tags: [] });
    expect(created.body.run.info.experiment_id).toBe('0');
  });
});
