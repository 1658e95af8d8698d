import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CairnClient, readGitInfo } from '../../src/client/index.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cairn-git-'));
  folders.push(folder);
  return folder;
}

/** A repository with one commit on branch `feature/x`. */
function gitRepo(): { dir: string; commit: string } {
  const dir = tempFolder();
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '--initial-branch=feature/x');
  writeFileSync(join(dir, 'train.ts'), 'console.log(1);\n');
  git('add', 'train.ts');
  git('commit', '--quiet', '-m', 'first');
  return { dir, commit: git('rev-parse', 'HEAD') };
}

const tagsOf = (tags: { key: string; value: string }[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

describe('code version capture', () => {
  let server: TestServer;
  let client: CairnClient;

  beforeAll(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = new CairnClient({ url: server.url });
  });
  afterAll(async () => {
    await server.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('reads commit, branch and a clean state from a repository', async () => {
    const { dir, commit } = gitRepo();
    expect(await readGitInfo(dir)).toMatchObject({ commit, branch: 'feature/x', dirty: false });
  });

  it('counts a changed tracked file as dirty, but not an untracked one', async () => {
    const { dir } = gitRepo();
    writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
    expect((await readGitInfo(dir))?.dirty).toBe(false);
    writeFileSync(join(dir, 'train.ts'), 'console.log(2);\n');
    expect((await readGitInfo(dir))?.dirty).toBe(true);
  });

  it('answers undefined outside a repository', async () => {
    expect(await readGitInfo(tempFolder())).toBeUndefined();
  });

  it('tags a run started in a repository with commit, branch, dirty flag and source name', async () => {
    const { dir, commit } = gitRepo();
    writeFileSync(join(dir, 'train.ts'), 'console.log(3);\n');
    const run = await client.startRun({ cwd: dir, sourceName: join(dir, 'train.ts') });
    expect(tagsOf(run.run.data.tags)).toMatchObject({
      'mlflow.source.git.commit': commit,
      'mlflow.source.git.branch': 'feature/x',
      'cairn.source.git.dirty': 'true',
      'mlflow.source.name': join(dir, 'train.ts'),
      'mlflow.source.type': 'LOCAL',
    });
    await run.end();
  });

  it('records only the source name outside a repository, and nothing when capture is off', async () => {
    const outside = await client.startRun({ cwd: tempFolder(), sourceName: 'script.ts' });
    const tags = tagsOf(outside.run.data.tags);
    expect(tags['mlflow.source.name']).toBe('script.ts');
    expect(Object.keys(tags).filter((k) => k.includes('git'))).toEqual([]);

    const off = await client.startRun({ cwd: gitRepo().dir, captureCodeVersion: false });
    expect(Object.keys(tagsOf(off.run.data.tags)).filter((k) => k.includes('source'))).toEqual([]);
    await Promise.all([outside.end(), off.end()]);
  });

  it('lets tags given by the caller win over captured ones', async () => {
    const run = await client.startRun({ cwd: gitRepo().dir, tags: { 'mlflow.source.git.branch': 'release' } });
    expect(tagsOf(run.run.data.tags)['mlflow.source.git.branch']).toBe('release');
    await run.end();
  });
});
