import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactFile } from '../../../src/domain/artifacts/artifact-index-store.js';
import { ArtifactSqlStore } from '../../../src/storage/sql/artifact-sql-store.js';
import { openDatabase, type SqlDatabase } from '../../../src/storage/sql/database.js';
import { backends, freshDatabaseUrl } from '../../support/backends.js';
import { testAudit } from '../../support/test-audit.js';

const sha = (n: number): string => n.toString(16).padStart(64, '0');
const file = (path: string, n = 1, size = 10): ArtifactFile => ({ path, size, sha256: sha(n), createdTime: 1_700_000_000_000 + n });

describe.each(backends)('artifact index on %s', (backend) => {
  let database: SqlDatabase;
  let store: ArtifactSqlStore;
  beforeAll(async () => {
    database = await openDatabase(await freshDatabaseUrl(backend));
    store = new ArtifactSqlStore(database.db, testAudit(database).audit);
  });
  afterAll(async () => {
    await database.close();
  });

  it('inserts an entry, then replaces it and answers the entry it replaced', async () => {
    expect(await store.upsert(file('u/a.txt', 1, 5))).toBeUndefined();
    expect(await store.upsert(file('u/a.txt', 2, 6_000_000_000))).toEqual(file('u/a.txt', 1, 5));
    expect(await store.get(['u/a.txt', 'u/missing'])).toEqual([file('u/a.txt', 2, 6_000_000_000)]);
  });

  it('returns a range in byte order of the path, on both databases', async () => {
    // '-' (0x2d) < '.' (0x2e) < '/' (0x2f) < '0' < 'A' < '_' < 'a' < 'é' (UTF-8 0xc3...): a locale collation would differ.
    const paths = ['r/é', 'r/a', 'r/_', 'r/A', 'r/0', 'r/d/x', 'r/d.txt', 'r/d-1', 'r/d0'];
    for (const [i, path] of paths.entries()) await store.upsert(file(path, 100 + i));
    const rows = await store.range({ from: 'r/', before: 'r0', limit: 100 });
    expect(rows.map((r) => r.path)).toEqual(['r/0', 'r/A', 'r/_', 'r/a', 'r/d-1', 'r/d.txt', 'r/d/x', 'r/d0', 'r/é']);
  });

  it('pages through a range with an exclusive lower bound and a limit', async () => {
    for (const name of ['p/1', 'p/2', 'p/3', 'p/4']) await store.upsert(file(name));
    expect((await store.range({ from: 'p/', before: 'p0', limit: 2 })).map((r) => r.path)).toEqual(['p/1', 'p/2']);
    expect((await store.range({ after: 'p/2', before: 'p0', limit: 2 })).map((r) => r.path)).toEqual(['p/3', 'p/4']);
  });

  it('deletes a folder tree but not its siblings whose names share the prefix', async () => {
    for (const [i, path] of ['t/dir/a', 't/dir/sub/b', 't/dir/sub/c', 't/dir2/x', 't/dir.txt', 't/dir'].entries()) {
      await store.upsert(file(path, i < 3 ? 7 : 8 + i));
    }
    // 't/dir' the file and 't/dir/...' the folder cannot both come from the service; the index removes both.
    const removed = await store.deleteTree('t/dir');
    expect(removed.count).toBe(4);
    expect(removed.sha256s.sort()).toEqual([sha(7), sha(13)].sort());
    expect((await store.range({ from: 't/', before: 't0', limit: 10 })).map((r) => r.path)).toEqual(['t/dir.txt', 't/dir2/x']);
  });

  it('deletes nothing for a path that does not exist', async () => {
    expect(await store.deleteTree('nowhere/at/all')).toEqual({ count: 0, sha256s: [] });
  });

  it('tells which blobs no entry refers to any more', async () => {
    await store.upsert(file('s/one', 50));
    await store.upsert(file('s/two', 50));
    await store.upsert(file('s/three', 51));
    expect(await store.unreferenced([sha(50), sha(51), sha(52), sha(52)])).toEqual([sha(52)]);
    await store.deleteTree('s/one');
    expect(await store.unreferenced([sha(50)])).toEqual([]);
    await store.deleteTree('s/two');
    expect(await store.unreferenced([sha(50)])).toEqual([sha(50)]);
  });

  it('looks up more paths than one statement may bind', async () => {
    await store.upsert(file('many/target', 60));
    const paths = Array.from({ length: 1200 }, (_, i) => `many/${i}`).concat('many/target');
    expect((await store.get(paths)).map((r) => r.path)).toEqual(['many/target']);
  });
});
