import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { allowed, batch, mlflow, trackingActions, type Action } from './access-actions.js';
import { deploymentActions } from './access-actions-deployments.js';
import { predictionActions } from './access-actions-predictions.js';
import { governanceActions } from './access-actions-governance.js';
import { registryActions } from './access-actions-registry.js';
import { As, everyone, snapshotOfAlpha, startAlphaProject, userOf, type AlphaProject, type Answer } from './access-fixture.js';

/** One row per action and surface: the matrix of issue 3 (access-actions*.ts hold the rows). */
const actions: Action[] = [...trackingActions, ...registryActions, ...governanceActions, ...deploymentActions, ...predictionActions];

function errorCodeOf(answer: Answer, surface: Action['surface']): unknown {
  const body = answer.body as { error_code?: string; error?: { code?: string } } | null;
  return surface === 'mlflow' ? body?.error_code : body?.error?.code;
}

describe.each(backends)('access by role on %s, authentication on', (backend) => {
  let p: AlphaProject;
  beforeAll(async () => {
    p = await startAlphaProject(backend);
  }, 120_000);
  afterAll(async () => {
    await p?.server.close();
  });

  const cases = actions.flatMap((action) =>
    (action.only ?? everyone).map((who) => ({ action, who, what: action.what, surface: action.surface, needs: action.needs, allowed: allowed(who, action.needs) })),
  );

  it.each(cases)('$who: $what over $surface is allowed only with $needs', async ({ action, who, allowed: isAllowed }) => {
    const prepared = (await action.prepare?.(p, who)) ?? '';
    const watch = action.watch?.(p, prepared) ?? [];
    const before = isAllowed ? undefined : await snapshotOfAlpha(p, watch);
    const answer = await action.run(p.as[who], who, p, prepared);
    if (isAllowed) {
      expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(200);
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      return;
    }
    expect(answer.status, JSON.stringify(answer.body)).toBe(403);
    expect(errorCodeOf(answer, action.surface)).toBe('PERMISSION_DENIED');
    expect(await snapshotOfAlpha(p, watch)).toEqual(before);
  });

  it('names the project and the role needed when it refuses', async () => {
    const answer = await p.as.viewer.call('POST', `${mlflow}/runs/log-batch`, { run_id: p.runId, ...batch('viewer') });
    expect((answer.body as { message: string }).message).toBe(
      `user 'user-viewer' needs role contributor or higher in project 'alpha' to log to run '${p.runId}' (has role viewer)`,
    );
  });

  it('tells an MLflow client refused in the default project how to name another one', async () => {
    const answer = await p.as.contributor.call('POST', `${mlflow}/experiments/create`, { name: 'no-project-named' });
    expect(answer.status).toBe(403);
    expect((answer.body as { message: string }).message).toContain("name it with the tag 'cairn.project'");
  });

  it('lists only the experiments and models of projects the caller may read', async () => {
    const experiments = await p.as.outsider.ok<{ experiments: { name: string; project: string }[] }>('GET', '/api/v1/experiments?maxResults=1000');
    expect(experiments.experiments.every((e) => e.project === 'default')).toBe(true);
    const viewed = await p.as.viewer.ok<{ experiments: { name: string; project: string }[] }>('GET', '/api/v1/experiments?maxResults=1000');
    expect(viewed.experiments.map((e) => e.name)).toContain('alpha-exp');
    expect(viewed.experiments.every((e) => e.project === 'alpha')).toBe(true);

    const models = await p.as.outsider.ok<{ registered_models?: unknown[] }>('GET', `${mlflow}/registered-models/search`);
    expect(models.registered_models ?? []).toEqual([]);
    const versions = await p.as.outsider.ok<{ model_versions?: unknown[] }>('GET', `${mlflow}/model-versions/search`);
    expect(versions.model_versions ?? []).toEqual([]);
    const searched = await p.as.outsider.ok<{ experiments?: { name: string }[] }>('POST', `${mlflow}/experiments/search`, { max_results: 1000 });
    expect((searched.experiments ?? []).map((e) => e.name)).not.toContain('alpha-exp');
  });

  it('refuses to search the runs of an unreadable experiment, by name or by id', async () => {
    const byId = await p.as.outsider.call('POST', `${mlflow}/runs/search`, { experiment_ids: [p.experimentId] });
    expect(byId.status).toBe(403);
    const byName = await p.as.outsider.call('GET', `${mlflow}/experiments/get-by-name?experiment_name=alpha-exp`);
    expect(byName.status).toBe(403);
    expect((byName.body as { error_code: string }).error_code).toBe('PERMISSION_DENIED');
  });

  it('puts creations in the project the cairn.project tag names and keeps the MLflow answer free of it', async () => {
    const created = await p.as.contributor.ok<{ experiment_id: string }>('POST', `${mlflow}/experiments/create`, {
      name: 'tagged-into-alpha',
      tags: [{ key: 'cairn.project', value: 'alpha' }],
    });
    const native = await p.admin.ok<{ experiment: { project: string; tags: unknown[] } }>('GET', `/api/v1/experiments/${created.experiment_id}`);
    expect(native.experiment.project).toBe('alpha');
    expect(native.experiment.tags).toEqual([]);
    const mlflowView = await p.admin.ok<{ experiment: Record<string, unknown> }>('GET', `${mlflow}/experiments/get?experiment_id=${created.experiment_id}`);
    expect(Object.keys(mlflowView.experiment)).not.toContain('project');
  });

  it('takes away access at once when a membership is removed', async () => {
    const user = userOf('spare');
    await p.admin.ok('PUT', `/api/v1/projects/alpha/members/${user}`, { role: 'contributor' });
    const token = (await p.admin.ok<{ token: string }>('POST', '/api/v1/tokens', { name: 'once', user })).token;
    const spare = new As(p.server.url, token);
    expect((await spare.call('GET', `/api/v1/runs/${p.runId}`)).status).toBe(200);
    await p.admin.ok('DELETE', `/api/v1/projects/alpha/members/${user}`);
    expect((await spare.call('GET', `/api/v1/runs/${p.runId}`)).status).toBe(403);
  });
});
