import type { Action } from './access-actions.js';
import { proxied, type AlphaProject } from './access-fixture.js';

const models = '/api/v1/models';
const versionOf = (p: AlphaProject, version: number | string = 1) => `${models}/${p.model}/versions/${version}`;

/** As the installation admin: a model of alpha to delete, a tag to delete, a pending upload. */
const prepared = {
  model: async (p: AlphaProject, name: string) => {
    await p.admin.ok('POST', models, { name, project: 'alpha' });
    return name;
  },
  modelTag: async (p: AlphaProject, key: string) => {
    await p.admin.ok('PUT', `${models}/${p.model}/tags/${key}`, { value: 'v' });
    return key;
  },
  versionTag: async (p: AlphaProject, key: string) => {
    await p.admin.ok('PUT', `${versionOf(p)}/tags/${key}`, { value: 'v' });
    return key;
  },
  /** A version created for upload, still pending; answers `<version> <folder>`. */
  pendingUpload: async (p: AlphaProject, withFile: boolean) => {
    const { version } = await p.admin.ok<{ version: { version: number; source: string } }>('POST', `${models}/${p.model}/versions`, { upload: true });
    if (withFile) await p.admin.ok('PUT', `${versionOf(p, version.version)}/files/content?path=model.txt`, undefined, 'weights');
    return `${version.version} ${version.source.replace(/^mlflow-artifacts:\//, '')}`;
  },
};
const [versionPart, folderPart] = [(prep: string) => prep.split(' ')[0] as string, (prep: string) => prep.split(' ')[1] as string];
const listing = (folder: string) => `/api/2.0/mlflow-artifacts/artifacts?path=${folder}`;

/** The native registry edits, model files, and uploaded files reached through MLflow's proxied artifact API. */
export const registryActions: Action[] = [
  // native registry edits (registry-edit-routes.ts)
  { what: 'updateModel', surface: 'native', needs: 'write', run: (as, who, p) => as.call('PATCH', `${models}/${p.model}`, { description: `by ${who}` }) },
  {
    what: 'deleteModel',
    surface: 'native',
    needs: 'write',
    prepare: (p, who) => prepared.model(p, `doomed-${who}`),
    run: (as, _w, _p, name) => as.call('DELETE', `${models}/${name}`),
  },
  { what: 'setModelTag', surface: 'native', needs: 'write', run: (as, who, p) => as.call('PUT', `${models}/${p.model}/tags/t-${who}`, { value: 'v' }) },
  {
    what: 'deleteModelTag',
    surface: 'native',
    needs: 'write',
    prepare: (p, who) => prepared.modelTag(p, `gone-${who}`),
    run: (as, _w, p, key) => as.call('DELETE', `${models}/${p.model}/tags/${key}`),
  },
  { what: 'updateModelVersion', surface: 'native', needs: 'write', run: (as, who, p) => as.call('PATCH', versionOf(p), { description: `by ${who}` }) },
  { what: 'setModelVersionTag', surface: 'native', needs: 'write', run: (as, who, p) => as.call('PUT', `${versionOf(p)}/tags/t-${who}`, { value: 'v' }) },
  {
    what: 'deleteModelVersionTag',
    surface: 'native',
    needs: 'write',
    prepare: (p, who) => prepared.versionTag(p, `gone-${who}`),
    run: (as, _w, p, key) => as.call('DELETE', `${versionOf(p)}/tags/${key}`),
  },
  // model files (model-file-routes.ts)
  {
    what: 'uploadModelVersionFile',
    surface: 'native',
    needs: 'write',
    prepare: (p) => prepared.pendingUpload(p, false),
    run: (as, who, p, prep) => as.call('PUT', `${versionOf(p, versionPart(prep))}/files/content?path=${who}.txt`, undefined, 'bytes'),
    watch: (_p, prep) => [listing(folderPart(prep))],
  },
  {
    what: 'finalizeModelVersion',
    surface: 'native',
    needs: 'write',
    prepare: (p) => prepared.pendingUpload(p, true),
    run: (as, _w, p, prep) => as.call('POST', `${versionOf(p, versionPart(prep))}/finalize`, {}),
  },
  {
    what: 'downloadModelVersionFile',
    surface: 'native',
    needs: 'read',
    run: (as, _w, p) => as.call('GET', `${versionOf(p, p.uploaded.version)}/files/content?path=model.txt`),
  },
  // uploaded files through the proxied artifact API (how `models:/name/N` downloads them)
  { what: 'download uploaded model file', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', proxied(`${p.uploaded.folder}/model.txt`)) },
  { what: 'list uploaded model files', surface: 'mlflow', needs: 'read', run: (as, _w, p) => as.call('GET', listing(p.uploaded.folder)) },
  {
    what: 'write into a pending upload folder',
    surface: 'mlflow',
    needs: 'nobody',
    prepare: (p) => prepared.pendingUpload(p, true),
    run: (as, who, _p, prep) => as.call('PUT', proxied(`${folderPart(prep)}/${who}.txt`), undefined, 'bytes'),
    watch: (_p, prep) => [listing(folderPart(prep))],
  },
  { what: 'replace an uploaded model file', surface: 'mlflow', needs: 'nobody', run: (as, _w, p) => as.call('PUT', proxied(`${p.uploaded.folder}/model.txt`), undefined, 'swapped') },
  { what: 'delete an uploaded model file', surface: 'mlflow', needs: 'nobody', run: (as, _w, p) => as.call('DELETE', proxied(`${p.uploaded.folder}/model.txt`)) },
];
