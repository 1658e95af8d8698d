import type { Action } from './access-actions.js';
import type { AlphaProject, Who } from './access-fixture.js';

const deployments = '/api/v1/deployments';
const spec = (p: AlphaProject, version = 1) => ({ versions: [{ model: p.model, version }] });

/** Creates a deployment of the alpha model as the installation admin; answers its name. */
async function deployed(p: AlphaProject, name: string): Promise<string> {
  const existing = await p.admin.call('GET', `${deployments}/${name}`);
  if (existing.status === 404) await p.admin.ok('POST', deployments, { name, project: 'alpha', spec: spec(p) });
  return name;
}

/** Deployments (deployment-routes.ts): changes need deploy, reads need read. */
export const deploymentActions: Action[] = [
  { what: 'getDeployment', surface: 'native', needs: 'read', prepare: (p) => deployed(p, 'alpha-read'), run: (as, _w, _p, name) => as.call('GET', `${deployments}/${name}`) },
  {
    what: 'listDeploymentRevisions',
    surface: 'native',
    needs: 'read',
    prepare: (p) => deployed(p, 'alpha-read'),
    run: (as, _w, _p, name) => as.call('GET', `${deployments}/${name}/revisions`),
  },
  {
    what: 'getDeploymentStats',
    surface: 'native',
    needs: 'read',
    prepare: (p) => deployed(p, 'alpha-read'),
    run: (as, _w, _p, name) => as.call('GET', `${deployments}/${name}/stats?seconds=60`),
  },
  { what: 'listDeployments of the project', surface: 'native', needs: 'read', run: (as) => as.call('GET', `${deployments}?project=alpha`) },
  {
    what: 'createDeployment',
    surface: 'native',
    needs: 'deploy',
    run: (as, who: Who, p) => as.call('POST', deployments, { name: `dep-${who}`, project: 'alpha', spec: spec(p), comment: 'matrix' }),
    watch: (_p) => [`${deployments}?project=alpha`],
  },
  {
    what: 'updateDeployment',
    surface: 'native',
    needs: 'deploy',
    prepare: (p, who) => deployed(p, `upd-${who}`),
    run: (as, _w, p, name) => as.call('PUT', `${deployments}/${name}`, { spec: spec(p, p.uploaded.version) }),
    watch: (_p, name) => [`${deployments}/${name}/revisions`],
  },
  {
    what: 'rollbackDeployment',
    surface: 'native',
    needs: 'deploy',
    prepare: async (p, who) => {
      const name = await deployed(p, `rb-${who}`);
      await p.admin.ok('PUT', `${deployments}/${name}`, { spec: spec(p, p.uploaded.version) });
      return name;
    },
    run: (as, _w, _p, name) => as.call('POST', `${deployments}/${name}/rollback`, { comment: 'matrix' }),
    watch: (_p, name) => [`${deployments}/${name}/revisions`],
  },
  {
    what: 'deleteDeployment',
    surface: 'native',
    needs: 'deploy',
    prepare: (p, who) => deployed(p, `del-${who}`),
    run: (as, _w, _p, name) => as.call('DELETE', `${deployments}/${name}`),
    watch: (_p, name) => [`${deployments}/${name}`],
  },
];
