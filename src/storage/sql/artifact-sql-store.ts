import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { ArtifactFile, ArtifactIndexStore, ArtifactRange } from '../../domain/artifacts/artifact-index-store.js';
import type { ArtifactFilesTable, Schema } from './schema.js';

/** Bound parameters per `in (...)` list: far below SQLite's and Postgres' limits. */
const chunkSize = 500;

/**
 * The artifact index in `artifact_files`. The path column compares byte-wise on both databases
 * (SQLite's default BINARY collation; `collate "C"` on Postgres), so a folder is a key range.
 */
export class ArtifactSqlStore implements ArtifactIndexStore {
  constructor(private readonly db: Kysely<Schema>) {}

  async get(paths: readonly string[]): Promise<ArtifactFile[]> {
    const found: ArtifactFile[] = [];
    for (const chunk of chunks(paths)) {
      const rows = await this.db.selectFrom('artifact_files').selectAll().where('path', 'in', chunk).execute();
      found.push(...rows.map(toFile));
    }
    return found;
  }

  async range(range: ArtifactRange): Promise<ArtifactFile[]> {
    let query = this.db.selectFrom('artifact_files').selectAll();
    if (range.from !== undefined) query = query.where('path', '>=', range.from);
    if (range.after !== undefined) query = query.where('path', '>', range.after);
    if (range.before !== undefined) query = query.where('path', '<', range.before);
    const rows = await query.orderBy('path').limit(range.limit).execute();
    return rows.map(toFile);
  }

  async upsert(file: ArtifactFile): Promise<ArtifactFile | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const previous = await trx.selectFrom('artifact_files').selectAll().where('path', '=', file.path).executeTakeFirst();
      const row = { path: file.path, size: file.size, sha256: file.sha256, created_time: file.createdTime };
      await trx
        .insertInto('artifact_files')
        .values(row)
        .onConflict((conflict) => conflict.column('path').doUpdateSet({ size: row.size, sha256: row.sha256, created_time: row.created_time }))
        .execute();
      return previous ? toFile(previous) : undefined;
    });
  }

  async deleteTree(path: string): Promise<{ count: number; sha256s: string[] }> {
    // The file itself and everything below `path/`; `0` is the character after `/`.
    const inTree = (eb: ExpressionBuilder<Schema, 'artifact_files'>) =>
      eb.or([eb('path', '=', path), eb.and([eb('path', '>=', `${path}/`), eb('path', '<', `${path}0`)])]);
    return this.db.transaction().execute(async (trx) => {
      const shaRows = await trx.selectFrom('artifact_files').select('sha256').distinct().where(inTree).execute();
      const result = await trx.deleteFrom('artifact_files').where(inTree).executeTakeFirst();
      return { count: Number(result.numDeletedRows), sha256s: shaRows.map((r) => r.sha256) };
    });
  }

  async unreferenced(sha256s: readonly string[]): Promise<string[]> {
    const unique = [...new Set(sha256s)];
    const referenced = new Set<string>();
    for (const chunk of chunks(unique)) {
      const rows = await this.db.selectFrom('artifact_files').select('sha256').distinct().where('sha256', 'in', chunk).execute();
      for (const row of rows) referenced.add(row.sha256);
    }
    return unique.filter((sha256) => !referenced.has(sha256));
  }
}

function toFile(row: Selectable<ArtifactFilesTable>): ArtifactFile {
  // Postgres drivers may hand bigint columns over as strings; the database module parses them, this is a guard.
  return { path: row.path, size: Number(row.size), sha256: row.sha256, createdTime: Number(row.created_time) };
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += chunkSize) yield items.slice(i, i + chunkSize);
}
