import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtifactService } from '../../../src/domain/artifacts/artifact-service.js';
import { RunArtifacts } from '../../../src/domain/artifacts/run-artifacts.js';
import { notFound } from '../../../src/domain/errors.js';
import { FsBlobStore } from '../../../src/storage/blob/fs-blob-store.js';
import { ArtifactSqlStore } from '../../../src/storage/sql/artifact-sql-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';

async function* text(value: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(value);
}

/** Content that fails the test if anyone reads it: proves a request was refused before its body was touched. */
async function* unreadable(): AsyncGenerator<Uint8Array> {
  throw new Error('the content must not be read');
}

async function readText(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += Buffer.from(chunk as Uint8Array).toString();
  return out;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

describe.each(backends)('artifact service on %s', (backend) => {
  let database: SqlDatabase;
  let blobs: FsBlobStore;
  let root: string;
  let service: ArtifactService;
  let now = 1_700_000_000_000;
  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    root = await mkdtemp(join(tmpdir(), 'cairn-artifacts-'));
    blobs = await FsBlobStore.open(root);
    service = new ArtifactService(new ArtifactSqlStore(database.db, testAudit(database).audit), blobs, { now: () => now++ }, { listPageSize: 3 });
  });
  afterAll(async () => {
    await database.close();
    await rm(root, { recursive: true, force: true });
  });

  it('stores a file and reads it back, whole or one range', async () => {
    const stored = await service.put('rt/notes.txt', text('hello artifacts'));
    expect(stored).toMatchObject({ path: 'rt/notes.txt', size: 15, sha256: sha256('hello artifacts') });
    const file = await service.stat('rt/notes.txt');
    expect(await readText(await service.read(file))).toBe('hello artifacts');
    expect(await readText(await service.read(file, { start: 6, end: 8 }))).toBe('art');
    await expect(service.read(file, { start: 10, end: 15 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('lists the immediate children of a folder: files with sizes, folders without, in path order', async () => {
    await service.put('ls/run/artifacts/model/MLmodel', text('flavors: {}'));
    await service.put('ls/run/artifacts/model/data/weights.bin', text('0123'));
    await service.put('ls/run/artifacts/metrics.json', text('{}'));
    await service.put('ls/run/artifacts/a.txt', text('a'));
    await service.put('ls/run/artifacts/plots/roc.png', text('png'));
    await service.put('ls/run/artifactsX/elsewhere.txt', text('not a child'));
    expect(await service.list('ls/run/artifacts')).toEqual([
      { path: 'ls/run/artifacts/a.txt', isDir: false, fileSize: 1 },
      { path: 'ls/run/artifacts/metrics.json', isDir: false, fileSize: 2 },
      { path: 'ls/run/artifacts/model', isDir: true },
      { path: 'ls/run/artifacts/plots', isDir: true },
    ]);
    expect(await service.list('ls/run/artifacts/model/')).toEqual([
      { path: 'ls/run/artifacts/model/MLmodel', isDir: false, fileSize: 11 },
      { path: 'ls/run/artifacts/model/data', isDir: true },
    ]);
  });

  it('lists a folder whose sub-folders hold many files, skipping past them page by page', async () => {
    for (let i = 0; i < 10; i++) await service.put(`big/d1/f${i}`, text(`${i}`));
    await service.put('big/e.txt', text('e'));
    for (let i = 0; i < 7; i++) await service.put(`big/f/g/f${i}`, text(`${i}`));
    await service.put('big/z', text('z'));
    expect((await service.list('big')).map((e) => `${e.path}${e.isDir ? '/' : ''}`)).toEqual(['big/d1/', 'big/e.txt', 'big/f/', 'big/z']);
  });

  it('lists nothing for a file path or a missing folder, and lists the root', async () => {
    await service.put('top/file.txt', text('x'));
    expect(await service.list('top/file.txt')).toEqual([]);
    expect(await service.list('no/such/folder')).toEqual([]);
    expect(await service.list('')).toContainEqual({ path: 'top', isDir: true });
  });

  it('replaces a file in place and removes the old blob once nothing refers to it', async () => {
    await service.put('ow/v.txt', text('version 1'));
    await service.put('ow/v.txt', text('version 2'));
    expect(await readText(await service.read(await service.stat('ow/v.txt')))).toBe('version 2');
    expect(await blobs.has(sha256('version 1'))).toBe(false);
  });

  it('stores identical content once and keeps it while any path refers to it', async () => {
    await service.put('dup/a.txt', text('same bytes'));
    await service.put('dup/b/c.txt', text('same bytes'));
    expect(await service.delete('dup/a.txt')).toBe(1);
    expect(await blobs.has(sha256('same bytes'))).toBe(true);
    expect(await readText(await service.read(await service.stat('dup/b/c.txt')))).toBe('same bytes');
    expect(await service.delete('dup')).toBe(1);
    expect(await blobs.has(sha256('same bytes'))).toBe(false);
  });

  it('deletes a folder with everything below it, and deleting nothing is not an error', async () => {
    await service.put('del/x/1', text('1'));
    await service.put('del/x/y/2', text('2'));
    await service.put('del/x2', text('sibling'));
    expect(await service.delete('del/x')).toBe(2);
    expect(await service.list('del')).toEqual([{ path: 'del/x2', isDir: false, fileSize: 7 }]);
    expect(await service.delete('del/x')).toBe(0);
  });

  it('refuses a file below another file, or in place of a folder, before reading the content', async () => {
    await service.put('clash/file', text('f'));
    await service.put('clash/dir/inner', text('i'));
    await expect(service.put('clash/file/below', unreadable())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('clash/file is a file') });
    await expect(service.put('clash/dir', unreadable())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('it is a folder') });
  });

  it('refuses unsafe paths before reading the content', async () => {
    for (const path of ['../escape', '/abs', 'a//b', 'a\\b', '']) {
      await expect(service.put(path, unreadable())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(service.delete('')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(service.list('a/../b')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('answers NOT_FOUND for a missing file and for a folder', async () => {
    await service.put('nf/dir/file', text('x'));
    await expect(service.stat('nf/missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.stat('nf/dir')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('addresses artifacts by run, with paths relative to the run root', async () => {
    const uris: Record<string, string> = { r1: 'mlflow-artifacts:/5/r1/artifacts', ext: 's3://elsewhere/5/ext/artifacts' };
    const runs = new RunArtifacts(service, async (runId) => {
      const uri = uris[runId];
      if (!uri) throw notFound(`run ${runId} does not exist`);
      return uri;
    });
    await service.put('5/r1/artifacts/model/MLmodel', text('m'));
    await service.put('5/r1/artifacts/README', text('r'));
    expect(await runs.list('r1')).toEqual({
      rootUri: 'mlflow-artifacts:/5/r1/artifacts',
      files: [
        { path: 'README', isDir: false, fileSize: 1 },
        { path: 'model', isDir: true },
      ],
    });
    expect((await runs.list('r1', 'model')).files).toEqual([{ path: 'model/MLmodel', isDir: false, fileSize: 1 }]);
    expect(await runs.list('ext')).toEqual({ rootUri: 's3://elsewhere/5/ext/artifacts', files: [] });
    expect(await readText(await runs.read(await runs.stat('r1', 'model/MLmodel')))).toBe('m');
    await expect(runs.list('r1', '../r2')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(runs.list('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runs.stat('ext', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
