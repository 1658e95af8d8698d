import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactService } from '../../../src/domain/artifacts/artifact-service.js';
import { modelFileLimits } from '../../../src/domain/registry/model-files.js';
import { VersionInspector } from '../../../src/domain/registry/version-inspector.js';
import { FsBlobStore } from '../../../src/storage/blob/fs-blob-store.js';
import { ArtifactSqlStore } from '../../../src/storage/sql/artifact-sql-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { linearClassifierModel, mlpModel } from '../../support/onnx/onnx-models.js';
import { encodeOnnxModel, onnxBytes, onnxType } from '../../support/onnx/onnx-writer.js';
import { testAudit } from '../../support/test-audit.js';

async function* bytes(value: Uint8Array | string): AsyncGenerator<Uint8Array> {
  yield typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

describe.each(backends)('version inspector on %s', (backend) => {
  let database: SqlDatabase;
  let blobs: FsBlobStore;
  let root: string;
  let artifacts: ArtifactService;
  let inspector: VersionInspector;

  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    root = await mkdtemp(join(tmpdir(), 'cairn-inspector-'));
    blobs = await FsBlobStore.open(root);
    const index = new ArtifactSqlStore(database.db, testAudit(database).audit);
    artifacts = new ArtifactService(index, blobs, { now: () => 1 });
    inspector = new VersionInspector({
      artifacts,
      index,
      // Small pages, so listing a version crosses page boundaries.
      pageSize: 3,
      runArtifactUri: async (runId) => `mlflow-artifacts:/1/${runId}/artifacts`,
    });
  });
  afterAll(async () => {
    await database.close();
    await rm(root, { recursive: true, force: true });
  });

  it('lists every file below a source over several pages, relative to it, and nothing beside it', async () => {
    for (const path of ['a.txt', 'b/c.txt', 'b/d/e.txt', 'f.txt', 'g.txt']) await artifacts.put(`1/r1/artifacts/model/${path}`, bytes(path));
    await artifacts.put('1/r1/artifacts/modelX/other.txt', bytes('beside'));
    const contents = await inspector.inspectSource('runs:/r1/model', '');
    expect(contents.files.map((f) => f.path)).toEqual(['a.txt', 'b/c.txt', 'b/d/e.txt', 'f.txt', 'g.txt']);
    expect(contents.format).toBe('unknown');
  });

  it('picks model.onnx among several ONNX files for the signature', async () => {
    await artifacts.put('1/r2/artifacts/m/encoder.onnx', bytes(onnxBytes(mlpModel({ inputs: 2, hidden: 2, outputs: 2 }))));
    await artifacts.put('1/r2/artifacts/m/model.onnx', bytes(onnxBytes(linearClassifierModel({ features: 7, classes: 2 }))));
    const contents = await inspector.inspectSource('mlflow-artifacts:/1/r2/artifacts/m', 'r2');
    expect(contents.signature?.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 7] }]);
  });

  it('reads the signature of a model with a 24 MiB initializer from the blob store by ranges', async () => {
    const model = linearClassifierModel({ features: 4, classes: 3 });
    model.graph.initializers?.unshift({ name: 'big', dataType: onnxType.FLOAT, dims: [6 * 1024 * 1024], virtualRawBytes: 24 * 1024 * 1024 });
    await artifacts.put('1/r3/artifacts/big.onnx', encodeOnnxModel(model).stream());
    const contents = await inspector.inspectSource('runs:/r3/big.onnx', '');
    expect(contents.files).toEqual([expect.objectContaining({ path: 'big.onnx', size: encodeOnnxModel(model).length })]);
    expect(contents.signature?.outputs).toEqual([{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }]);
  });

  it('treats sources outside the store, and the whole store, as holding no files', async () => {
    expect((await inspector.inspectSource('mlflow-artifacts:/', '')).files).toEqual([]);
    expect((await inspector.inspectSource('mlflow-artifacts:/nothing/here', '')).files).toEqual([]);
  });

  it('names the unreadable file in strict mode and leaves the signature unknown otherwise', async () => {
    await artifacts.put('1/r4/artifacts/m/MLmodel', bytes("flavors:\n  python_function: {}\nsignature:\n  inputs: '[not json'\n"));
    await expect(inspector.inspect('1/r4/artifacts/m', { strict: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^MLmodel: /) });
    expect(await inspector.inspect('1/r4/artifacts/m', { strict: false })).toMatchObject({ format: 'mlflow', flavors: [], signature: null });
  });

  it(`refuses a version of more than ${modelFileLimits.maxFiles} files rather than recording part of them`, async () => {
    const rows = Array.from({ length: modelFileLimits.maxFiles + 1 }, (_, i) => ({ path: `1/r5/artifacts/m/f${String(i).padStart(5, '0')}`, size: 1, sha256: 'a'.repeat(64), created_time: 1 }));
    for (let i = 0; i < rows.length; i += 500) await database.db.insertInto('artifact_files').values(rows.slice(i, i + 500)).execute();
    const wide = new VersionInspector({ artifacts, index: new ArtifactSqlStore(database.db, testAudit(database).audit), runArtifactUri: async () => '' });
    await expect(wide.inspect('1/r5/artifacts/m', { strict: false })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });
});
