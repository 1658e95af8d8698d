import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/backends.js';
import { linearClassifierBytes } from '../../support/onnx/onnx-models.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { sklearnMlmodel, tensorMlmodel } from '../../support/mlmodel-fixtures.js';
import { nativeApi, type NativeApi } from './native-client.js';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

describe.each(backends)('model version files on %s', (backend) => {
  let server: TestServer;
  let call: NativeApi;
  let experimentId: string;

  beforeAll(async () => {
    server = await startTestServer({ backend });
    call = nativeApi(server.url);
    experimentId = (await call('createExperiment', { body: { name: 'files' } })).body.experiment.experimentId;
  });
  afterAll(() => server.close());

  const put = (url: string, body: Uint8Array | string) => fetch(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body });
  const runArtifact = (runId: string, path: string, body: Uint8Array | string) =>
    put(`${server.url}/api/v1/runs/${runId}/artifacts/content?path=${encodeURIComponent(path)}`, body);
  const versionFile = (name: string, version: number, path: string) =>
    `${server.url}/api/v1/models/${encodeURIComponent(name)}/versions/${version}/files/content?path=${encodeURIComponent(path)}`;

  async function runWith(files: Record<string, Uint8Array | string>): Promise<string> {
    const runId: string = (await call('createRun', { body: { experimentId } })).body.run.info.runId;
    for (const [path, body] of Object.entries(files)) expect((await runArtifact(runId, path, body)).status).toBe(201);
    return runId;
  }

  it('records the files of a run-made ONNX version with digests of the uploaded bytes and reads its signature', async () => {
    const onnx = linearClassifierBytes();
    const runId = await runWith({ 'model/model.onnx': onnx, 'model/README.md': 'how to use', 'other/ignored.txt': 'x' });
    await call('createModel', { body: { name: 'onnx-files' } });
    const created = await call('createModelVersion', { params: { name: 'onnx-files' }, body: { source: `runs:/${runId}/model` } });
    expect(created.body.version).toMatchObject({ status: 'READY', format: 'onnx', flavors: [] });

    const shown = await call('getModelVersion', { params: { name: 'onnx-files', version: '1' } });
    expect(shown.body.files).toEqual([
      { path: 'README.md', size: 10, sha256: sha256('how to use') },
      { path: 'model.onnx', size: onnx.length, sha256: sha256(onnx) },
    ]);
    expect(shown.body.version.signature).toEqual({
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
    });

    // Lists and searches carry the format and signature too (the files only on the version itself).
    const listed = await call('getModel', { params: { name: 'onnx-files' } });
    expect(listed.body.versions[0]).toMatchObject({ format: 'onnx', signature: shown.body.version.signature });
    expect(listed.body.model.latestVersions[0]).toMatchObject({ format: 'onnx' });

    const lineage = await call('getModelVersionLineage', { params: { name: 'onnx-files', version: '1' } });
    expect(lineage.body.version).toMatchObject({ format: 'onnx', files: shown.body.files, signature: shown.body.version.signature });
  });

  it('keeps the recorded digests when the run artifact is replaced later', async () => {
    const runId = await runWith({ 'model.onnx': linearClassifierBytes() });
    await call('createModel', { body: { name: 'single-file' } });
    await call('createModelVersion', { params: { name: 'single-file' }, body: { source: `runs:/${runId}/model.onnx` } });
    const before = (await call('getModelVersion', { params: { name: 'single-file', version: '1' } })).body.files;
    expect(before).toEqual([{ path: 'model.onnx', size: linearClassifierBytes().length, sha256: sha256(linearClassifierBytes()) }]);
    await runArtifact(runId, 'model.onnx', 'replaced');
    expect((await call('getModelVersion', { params: { name: 'single-file', version: '1' } })).body.files).toEqual(before);
  });

  it('reads an MLflow model: flavours and the MLmodel signature, or the ONNX file an onnx flavour names', async () => {
    const runId = await runWith({ 'sk/MLmodel': sklearnMlmodel, 'sk/model.pkl': 'pickle', 'ox/MLmodel': tensorMlmodel.replace(/signature:[\s\S]*$/, ''), 'ox/model.onnx': linearClassifierBytes() });
    await call('createModel', { body: { name: 'mlflow-files' } });
    const sk = await call('createModelVersion', { params: { name: 'mlflow-files' }, body: { source: `runs:/${runId}/sk` } });
    expect(sk.body.version).toMatchObject({ format: 'mlflow', flavors: ['python_function', 'sklearn'] });
    expect(sk.body.version.signature.inputs[0]).toEqual({ name: 'sepal length (cm)', datatype: 'FP64', shape: [-1] });
    const ox = await call('createModelVersion', { params: { name: 'mlflow-files' }, body: { source: `runs:/${runId}/ox` } });
    expect(ox.body.version).toMatchObject({ format: 'mlflow', flavors: ['onnx', 'python_function'] });
    expect(ox.body.version.signature.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 4] }]);
  });

  it('registers a version whose files are elsewhere or unreadable as unknown, keeping MLflow answers unchanged', async () => {
    const runId = await runWith({ 'bad/model.onnx': 'not a model at all' });
    await call('createModel', { body: { name: 'unknown-files' } });
    const elsewhere = await call('createModelVersion', { params: { name: 'unknown-files' }, body: { source: 'mlflow-artifacts:/nowhere/model' } });
    expect(elsewhere.body.version).toMatchObject({ format: 'unknown', signature: null });
    expect((await call('getModelVersion', { params: { name: 'unknown-files', version: '1' } })).body.files).toEqual([]);
    const bad = await call('createModelVersion', { params: { name: 'unknown-files' }, body: { source: `runs:/${runId}/bad` } });
    expect(bad.body.version).toMatchObject({ format: 'onnx', signature: null });

    const mlflow = await fetch(`${server.url}/api/2.0/mlflow/model-versions/get?name=unknown-files&version=2`);
    const { model_version } = (await mlflow.json()) as { model_version: Record<string, unknown> };
    expect(Object.keys(model_version).sort()).toEqual(['creation_timestamp', 'current_stage', 'last_updated_timestamp', 'name', 'run_id', 'source', 'status', 'version']);
  });

  it('creates a version from uploaded files: pending, upload, finalize, then READY with files and signature', async () => {
    await call('createModel', { body: { name: 'uploaded' } });
    const created = await call('createModelVersion', { params: { name: 'uploaded' }, body: { upload: true, description: 'from disk' } });
    expect(created.status).toBe(201);
    expect(created.body.version).toMatchObject({ version: 1, status: 'PENDING_REGISTRATION', runId: '', description: 'from disk' });
    expect(created.body.version.source).toMatch(/^mlflow-artifacts:\/registry\/[0-9a-f]{32}$/);

    const onnx = linearClassifierBytes({ features: 6, classes: 2 });
    const uploaded = await put(versionFile('uploaded', 1, 'model.onnx'), onnx);
    expect(uploaded.status).toBe(201);
    expect(await uploaded.json()).toEqual({ file: { path: 'model.onnx', size: onnx.length, sha256: sha256(onnx) } });
    expect((await put(versionFile('uploaded', 1, 'meta/labels.txt'), 'no\nyes\n')).status).toBe(201);

    const finalized = await call('finalizeModelVersion', { params: { name: 'uploaded', version: '1' } });
    expect(finalized.body.version).toMatchObject({ status: 'READY', format: 'onnx' });
    expect(finalized.body.version.signature.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 6] }]);
    expect(finalized.body.files.map((f: { path: string }) => f.path)).toEqual(['meta/labels.txt', 'model.onnx']);

    const download = await fetch(versionFile('uploaded', 1, 'model.onnx'));
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(onnx));

    const audit = await call('listAuditEvents', { query: { action: 'model_version.files.finalize' } });
    expect(audit.body.events[0]).toMatchObject({ resourceType: 'model_version', resourceId: 'uploaded/1', details: { files: 2, format: 'onnx', signature: true } });
  });

  it('refuses uploads to a finalized version, a second finalize, an empty one, and a broken model', async () => {
    await call('createModel', { body: { name: 'upload-rules' } });
    await call('createModelVersion', { params: { name: 'upload-rules' }, body: { upload: true } });
    const empty = await call('finalizeModelVersion', { params: { name: 'upload-rules', version: '1' } });
    expect(empty.status).toBe(400);

    await put(versionFile('upload-rules', 1, 'model.onnx'), 'garbage');
    const broken = await call('finalizeModelVersion', { params: { name: 'upload-rules', version: '1' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('model.onnx') });
    expect((await call('getModelVersion', { params: { name: 'upload-rules', version: '1' } })).body.version.status).toBe('PENDING_REGISTRATION');

    await put(versionFile('upload-rules', 1, 'model.onnx'), linearClassifierBytes());
    expect((await call('finalizeModelVersion', { params: { name: 'upload-rules', version: '1' } })).status).toBe(200);
    const again = await call('finalizeModelVersion', { params: { name: 'upload-rules', version: '1' } });
    expect(again.body.error.code).toBe('INVALID_STATE');
    const late = await put(versionFile('upload-rules', 1, 'extra.txt'), 'late');
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('INVALID_STATE');

    const both = await call('createModelVersion', { params: { name: 'upload-rules' }, body: { upload: true, source: 'runs:/abc/model' } });
    expect(both.body.error.code).toBe('INVALID_ARGUMENT');
    const neither = await call('createModelVersion', { params: { name: 'upload-rules' }, body: {} });
    expect(neither.body.error.code).toBe('INVALID_ARGUMENT');
    const badPath = await put(versionFile('upload-rules', 1, '../escape'), 'x');
    expect(badPath.status).toBe(400);
    const unknown = await call('createModelVersion', { params: { name: 'no-such-model' }, body: { upload: true } });
    expect(unknown.body.error.code).toBe('NOT_FOUND');
  });
});
