import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient } from '../../src/client/index.js';
import { linearClassifierBytes } from '../support/onnx/onnx-models.js';
import { sklearnMlmodel } from '../support/mlmodel-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { runCli } from './run-cli.js';

describe('cairn models edit and upload commands', () => {
  let server: TestServer;
  let client: CairnClient;
  let scratch: string;
  const cli = (...args: string[]) => runCli(args, { CAIRN_URL: server.url });

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: server.url });
    scratch = await mkdtemp(join(tmpdir(), 'cairn-cli-models-'));
    await client.models.create('cli-edit');
    await client.models.createVersion('cli-edit', 'mlflow-artifacts:/elsewhere/a');
    await client.models.createVersion('cli-edit', 'mlflow-artifacts:/elsewhere/b');
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('creates a model in a project and refuses a duplicate name with exit code 1', async () => {
    await client.projects.create('cli-models');
    const created = await cli('models', 'create', 'cli-created', '--project', 'cli-models', '--description', 'made by the CLI');
    expect(created.stdout).toBe('Created model cli-created in project cli-models.\n');
    expect((await client.models.get('cli-created')).model).toMatchObject({ project: 'cli-models', description: 'made by the CLI' });
    const duplicate = await cli('models', 'create', 'cli-created');
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('ALREADY_EXISTS');
  });

  it('updates descriptions, tags and untags a model and a version', async () => {
    expect((await cli('models', 'update', 'cli-edit', '--description', 'card fraud')).stdout).toBe('cli-edit: card fraud\n');
    expect((await cli('models', 'update', 'cli-edit', '2', '--description', 'retrained')).stdout).toContain('version 2 (None): retrained');
    expect((await cli('models', 'tag', 'cli-edit', 'team=risk', 'tier=gold')).code).toBe(0);
    expect((await cli('models', 'tag', 'cli-edit', 'checked=yes', '--model-version', '1')).code).toBe(0);
    expect((await cli('models', 'untag', 'cli-edit', 'tier')).code).toBe(0);
    expect((await cli('models', 'tag', 'cli-edit', 'drop=me', '--model-version', '1')).code).toBe(0);
    expect((await cli('models', 'untag', 'cli-edit', 'drop', '--model-version', '1')).code).toBe(0);
    const { model, versions } = await client.models.get('cli-edit');
    expect(model).toMatchObject({ description: 'card fraud', tags: [{ key: 'team', value: 'risk' }] });
    expect(versions.find((v) => v.version === 1)?.tags).toEqual([{ key: 'checked', value: 'yes' }]);
    expect(versions.find((v) => v.version === 2)?.description).toBe('retrained');
  });

  it('moves a version to a stage, archiving the others, and refuses a bad stage with exit code 1', async () => {
    await cli('models', 'stage', 'cli-edit', '1', 'Production');
    const moved = await cli('models', 'stage', 'cli-edit', '2', 'production', '--archive-existing', '--json');
    expect(JSON.parse(moved.stdout).version.currentStage).toBe('Production');
    expect((await client.models.getVersion('cli-edit', 1)).version.currentStage).toBe('Archived');
    const bad = await cli('models', 'stage', 'cli-edit', '2', 'Live', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error.code).toBe('INVALID_ARGUMENT');
  });

  it('renames and deletes models and versions', async () => {
    await client.models.create('cli-doomed');
    await client.models.createVersion('cli-doomed', 'mlflow-artifacts:/elsewhere/c');
    await client.models.createVersion('cli-doomed', 'mlflow-artifacts:/elsewhere/d');
    expect((await cli('models', 'rename', 'cli-doomed', 'cli-gone')).stdout).toBe('Renamed cli-doomed to cli-gone.\n');
    expect((await cli('models', 'delete', 'cli-gone', '1')).stdout).toBe('Deleted version 1 of cli-gone.\n');
    expect((await client.models.get('cli-gone')).versions.map((v) => v.version)).toEqual([2]);
    expect((await cli('models', 'delete', 'cli-gone')).code).toBe(0);
    const missing = await cli('models', 'delete', 'cli-gone', '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr).error.code).toBe('NOT_FOUND');
  });

  it('uploads an ONNX file as a version and shows its signature and digests', async () => {
    const onnx = linearClassifierBytes();
    const file = join(scratch, 'model.onnx');
    await writeFile(file, onnx);
    await client.models.create('cli-upload');
    const uploaded = await cli('models', 'upload', 'cli-upload', file, '--description', 'hand-built', '--json');
    expect(uploaded.code).toBe(0);
    expect(JSON.parse(uploaded.stdout)).toMatchObject({ version: { version: 1, status: 'READY', format: 'onnx' }, files: [{ path: 'model.onnx', size: onnx.length }] });

    const shown = await cli('models', 'show', 'cli-upload', '1');
    expect(shown.stdout).toContain('Format:       onnx');
    expect(shown.stdout).toMatch(/input\s+FP32\s+\[-1, 4\]/);
    expect(shown.stdout).toMatch(/probabilities\s+FP32\s+\[-1, 3\]/);
    expect(shown.stdout).toContain(createHash('sha256').update(onnx).digest('hex'));
    expect((await cli('models', 'show', 'cli-upload')).stdout).toMatch(/^\s*1\s.*mlflow-artifacts:\/registry\/\S+\s+onnx/m);
  });

  it('uploads an MLflow model folder with its flavours', async () => {
    const folder = join(scratch, 'sk-model');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'MLmodel'), sklearnMlmodel);
    await writeFile(join(folder, 'model.pkl'), 'pickle bytes');
    await client.models.create('cli-mlflow');
    const uploaded = await cli('models', 'upload', 'cli-mlflow', folder);
    expect(uploaded.stdout).toContain('Format:       mlflow (python_function, sklearn)');
    expect(uploaded.stdout).toMatch(/sepal length \(cm\)\s+FP64\s+\[-1\]/);
    expect(uploaded.stdout).toMatch(/MLmodel\s+\d+\s+[0-9a-f]{64}/);
  });
});
