import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { ArtifactFile, ArtifactIndexStore, ArtifactRange } from '../../domain/artifacts/artifact-index-store.js';
import type { AuditChange } from '../../domain/audit/audit-event.js';
import type { AuditTrail } from './audit-trail.js';
import type { ArtifactFilesTable, Schema } from './schema.js';

/** Bound parameters per `in (...)` list: far below SQLite's and Postgres' limits. */
const chunkSize = 500;

/**
 * The artifact index in `artifact_files`. The path column compares byte-wise on both databases
 * (SQLite's default BINARY collation; `collate "C"` on Postgres), so a folder is a key range.
 */
export class ArtifactSqlStore implements ArtifactIndexStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

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
      await this.record(trx, 'artifact.put', file.path, { size: file.size, sha256: file.sha256, replaced: previous?.sha256 ?? null });
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
      await this.record(trx, 'artifact.delete', path, { files: Number(result.numDeletedRows) });
      return { count: Number(result.numDeletedRows), sha256s: shaRows.map((r) => r.sha256) };
    });
  }

  private record(trx: Kysely<Schema>, action: string, path: string, details: AuditChange['details']): Promise<void> {
    return recordArtifact(this.audit, trx, action, path, details);
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

/** A run's artifacts sit under `<experiment location>/<run id>/artifacts/`. */
const runSegment = /^[0-9a-f]{32}$/;

/**
 * The change's audit event, as the last statement of `trx`. The resource is the artifact path; the
 * run and project are named when the path lies in a run's default artifact folder.
 */
async function recordArtifact(audit: AuditTrail, trx: Kysely<Schema>, action: string, path: string, details: AuditChange['details']): Promise<void> {
  const segments = path.split('/');
  const runId = segments.find((segment, i) => i > 0 && runSegment.test(segment) && segments[i + 1] === 'artifacts');
  const run = runId
    ? await trx
        .selectFrom('runs as r')
        .innerJoin('experiments as e', 'e.experiment_id', 'r.experiment_id')
        .select('e.project_id')
        .where('r.run_uuid', '=', runId)
        .executeTakeFirst()
    : undefined;
  await audit.record(trx, {
    action,
    resourceType: 'artifact',
    resourceId: path,
    projectId: run ? Number(run.project_id) : null,
    details: run ? { ...details, runId } : details,
  });
}

function toFile(row: Selectable<ArtifactFilesTable>): ArtifactFile {
  // Postgres drivers may hand bigint columns over as strings; the database module parses them, this is a guard.
  return { path: row.path, size: Number(row.size), sha256: row.sha256, createdTime: Number(row.created_time) };
}

function* chunks<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += chunkSize) yield items.slice(i, i + chunkSize);
}
