import { roleAllows, type Permission } from '../../src/domain/access/roles.js';
import { userOf, type AlphaProject, type Answer, type As, type Who } from './access-fixture.js';

/** The permission an action needs; `nobody` for what no project role may do (admins of the installation included). */
export type Needs = Permission | 'nobody';

export interface Action {
  /** What the caller tries, e.g. 'log batch'. */
  what: string;
  surface: 'mlflow' | 'native';
  needs: Needs;
  /** Only these callers play it (e.g. withdrawing one's own request needs a request of one's own). */
  only?: readonly Who[];
  /** Sets up what the call acts on, before the no-change snapshot; answers what `run` and `watch` need. */
  prepare?(p: AlphaProject, who: Who): Promise<string>;
  /** Does it as `who`; names derived from `who` keep allowed creations apart. */
  run(as: As, who: Who, p: AlphaProject, prepared: string): Promise<Answer>;
  /** Extra paths (read as the installation admin) that a refusal must leave unchanged. */
  watch?(p: AlphaProject, prepared: string): string[];
}

export function allowed(who: Who, needs: Needs): boolean {
  return who !== 'outsider' && who !== 'scoped' && needs !== 'nobody' && roleAllows(who, needs);
}

export const mlflow = '/api/2.0/mlflow';
const artifactsOf = (p: AlphaProject) => `/api/2.0/mlflow-artifacts/artifacts/${p.experimentId}/${p.runId}/artifacts`;
export const batch = (who: Who) => ({
  metrics: [{ key: `m_${who}`, value: 1, timestamp: 1, step: 0 }],
  params: [{ key: `p_${who}`, value: 'x' }],
  tags: [{ key: `t_${who}`, value: 'y' }],
});

/** Experiments, runs, artifacts and the registry's first routes: the matrix of issue 3. */
export const trackingActions: Action[] = [
  // reads
  { what: 'read experiment', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${mlflow}/experiments/get?experiment_id=${p.experimentId}`) },
  { what: 'read experiment', surface: 'native', needs: 'read', run: (as, _w, p) => as.call('GET', `/api/v1/experiments/${p.experimentId}`) },
  { what: 'read run', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${mlflow}/runs/get?run_id=${p.runId}`) },
  { what: 'read run', surface: 'native', needs: 'read', run: (as, _w, p) => as.call('GET', `/api/v1/runs/${p.runId}`) },
  { what: 'read metrics', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${mlflow}/metrics/get-history?run_id=${p.runId}&metric_key=loss`) },
  { what: 'read metrics', surface: 'native', needs: 'read', run: (as, _w, p) => as.call('GET', `/api/v1/runs/${p.runId}/metric-history?key=loss`) },
  { what: 'read artifacts', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${artifactsOf(p)}/seed.txt`) },
  { what: 'list artifacts', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${mlflow}/artifacts/list?run_id=${p.runId}`) },
  { what: 'read artifacts', surface: 'native', needs: 'read', run: (as, _w, p) => as.call('GET', `/api/v1/runs/${p.runId}/artifacts/content?path=seed.txt`) },
  { what: 'read model', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${mlflow}/registered-models/get?name=${p.model}`) },
  { what: 'read model', surface: 'native', needs: 'read', run: (as, _w, p) => as.call('GET', `/api/v1/models/${p.model}`) },
  { what: 'read model version', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', `${mlflow}/model-versions/get?name=${p.model}&version=1`) },
  // writes
  {
    what: 'create experiment',
    surface: 'mlflow',
    needs: 'write',
    run: (as, who) => as.call('POST', `${mlflow}/experiments/create`, { name: `exp-mlflow-${who}`, tags: [{ key: 'cairn.project', value: 'alpha' }] }),
  },
  { what: 'create experiment', surface: 'native', needs: 'write', run: (as, who) => as.call('POST', '/api/v1/experiments', { name: `exp-native-${who}`, project: 'alpha' }) },
  { what: 'log batch', surface: 'mlflow', needs: 'write', run: (as, who, p) => as.call('POST', `${mlflow}/runs/log-batch`, { run_id: p.runId, ...batch(who) }) },
  { what: 'log batch', surface: 'native', needs: 'write', run: (as, who, p) => as.call('POST', `/api/v1/runs/${p.runId}/batch`, batch(who)) },
  { what: 'upload artifact', surface: 'mlflow', needs: 'write', run: (as, who, p) => as.call('PUT', `${artifactsOf(p)}/up-mlflow-${who}.txt`, undefined, 'bytes') },
  {
    what: 'upload artifact',
    surface: 'native',
    needs: 'write',
    run: (as, who, p) => as.call('PUT', `/api/v1/runs/${p.runId}/artifacts/content?path=up-native-${who}.txt`, undefined, 'bytes'),
  },
  {
    what: 'register model',
    surface: 'mlflow',
    needs: 'write',
    run: (as, who) => as.call('POST', `${mlflow}/registered-models/create`, { name: `model-mlflow-${who}`, tags: [{ key: 'cairn.project', value: 'alpha' }] }),
  },
  { what: 'register model', surface: 'native', needs: 'write', run: (as, who) => as.call('POST', '/api/v1/models', { name: `model-native-${who}`, project: 'alpha' }) },
  {
    what: 'register version',
    surface: 'mlflow',
    needs: 'write',
    run: (as, _w, p) => as.call('POST', `${mlflow}/model-versions/create`, { name: p.model, source: `runs:/${p.runId}/model`, run_id: p.runId }),
  },
  { what: 'register version', surface: 'native', needs: 'write', run: (as, _w, p) => as.call('POST', `/api/v1/models/${p.model}/versions`, { source: `runs:/${p.runId}/model` }) },
  { what: 'set run tag', surface: 'mlflow', needs: 'write', run: (as, who, p) => as.call('POST', `${mlflow}/runs/set-tag`, { run_id: p.runId, key: `tag-${who}`, value: 'v' }) },
  {
    what: 'set experiment tag',
    surface: 'mlflow',
    needs: 'write',
    run: (as, who, p) => as.call('POST', `${mlflow}/experiments/set-experiment-tag`, { experiment_id: p.experimentId, key: `m-${who}`, value: 'v' }),
  },
  { what: 'set experiment tag', surface: 'native', needs: 'write', run: (as, who, p) => as.call('POST', `/api/v1/experiments/${p.experimentId}/tags`, { key: `n-${who}`, value: 'v' }) },
  { what: 'edit model card', surface: 'native', needs: 'write', run: (as, who, p) => as.call('PUT', `/api/v1/models/${p.model}/card`, { owner: who }) },
  { what: 'fill model card evaluation', surface: 'native', needs: 'write', run: (as, _w, p) => as.call('POST', `/api/v1/models/${p.model}/card/evaluation`, { version: 1 }) },
  {
    what: 'set non-protected alias',
    surface: 'mlflow',
    needs: 'write',
    run: (as, who, p) => as.call('POST', `${mlflow}/registered-models/alias`, { name: p.model, alias: `m-${who}`, version: '1' }),
  },
  { what: 'set non-protected alias', surface: 'native', needs: 'write', run: (as, who, p) => as.call('PUT', `/api/v1/models/${p.model}/aliases/n-${who}`, { version: 1 }) },
  { what: 'manage members', surface: 'native', needs: 'manage', run: (as) => as.call('PUT', `/api/v1/projects/alpha/members/${userOf('spare')}`, { role: 'viewer' }) },
];
