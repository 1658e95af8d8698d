import { logPrediction } from '../support/prediction-records.js';
import type { Action } from './access-actions.js';
import type { AlphaProject } from './access-fixture.js';

const name = 'alpha-logged';

/**
 * A deployment of the alpha model with one logged prediction (handed to the app's log writer as
 * the inference path would, since the alpha model has no ONNX file to serve); answers its id.
 */
async function loggedPrediction(p: AlphaProject): Promise<string> {
  const existing = await p.admin.call('GET', `/api/v1/deployments/${name}`);
  if (existing.status === 404) await p.admin.ok('POST', '/api/v1/deployments', { name, project: 'alpha', spec: { versions: [{ model: p.model, version: 1 }] } });
  const record = await logPrediction(p.server.app, name, { model: p.model });
  return record.id;
}

/** The prediction log (prediction-routes.ts): reading needs read in the deployment's project. */
export const predictionActions: Action[] = [
  { what: 'getPrediction', surface: 'native', needs: 'read', prepare: (p) => loggedPrediction(p), run: (as, _w, _p, id) => as.call('GET', `/api/v1/predictions/${id}`) },
  {
    what: 'listDeploymentPredictions',
    surface: 'native',
    needs: 'read',
    prepare: (p) => loggedPrediction(p),
    run: (as) => as.call('GET', `/api/v1/deployments/${name}/predictions`),
  },
];
