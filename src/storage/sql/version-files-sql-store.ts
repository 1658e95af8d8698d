import type { Kysely, Transaction } from 'kysely';
import { invalidState, notFound } from '../../domain/errors.js';
import type { ModelFile, ModelFormat, ModelSignature, VersionContents } from '../../domain/registry/model-files.js';
import { deletedStage } from '../../domain/registry/types.js';
import type { VersionFilesStore } from '../../domain/registry/version-files-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Rows per insert statement: 4 parameters each, well inside both databases' limits. */
const filesPerInsert = 500;

/** The model_versions columns that hold a version's format, flavours and signature. */
export function versionContentColumns(contents: VersionContents | undefined): { format: ModelFormat; flavors: string | null; signature: string | null } {
  if (!contents) return { format: 'unknown', flavors: null, signature: null };
  return {
    format: contents.format,
    flavors: contents.format === 'mlflow' ? JSON.stringify(contents.flavors) : null,
    signature: contents.signature ? JSON.stringify(contents.signature) : null,
  };
}

/** Reads those columns back; rows from before migration 0009 read as unknown. */
export function versionContentFields(row: { format?: string | null; flavors?: string | null; signature?: string | null }) {
  return {
    format: (row.format ?? 'unknown') as ModelFormat,
    flavors: row.flavors ? (JSON.parse(row.flavors) as string[]) : [],
    signature: row.signature ? (JSON.parse(row.signature) as ModelSignature) : null,
  };
}

/** Records a version's files; part of the transaction that creates or finalizes the version. */
export async function insertVersionFiles(trx: Db, versionId: number, files: readonly ModelFile[]): Promise<void> {
  for (let i = 0; i < files.length; i += filesPerInsert) {
    const rows = files.slice(i, i + filesPerInsert).map((f) => ({ version_id: versionId, path: f.path, size: f.size, sha256: f.sha256 }));
    await trx.insertInto('model_version_files').values(rows).execute();
  }
}

/** VersionFilesStore on SQLite and Postgres. */
export class VersionFilesSqlStore implements VersionFilesStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async files(name: string, version: number): Promise<ModelFile[]> {
    const { id } = await findVersion(this.db, name, version);
    const rows = await this.db.selectFrom('model_version_files').select(['path', 'size', 'sha256']).where('version_id', '=', id).orderBy('path').execute();
    return rows.map((r) => ({ path: r.path, size: Number(r.size), sha256: r.sha256 }));
  }

  async finalize(name: string, version: number, contents: VersionContents, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const found = await findVersion(trx, name, version);
      // Takes the row lock on Postgres, so two finalizations of one version cannot both pass the check.
      const updated = await trx
        .updateTable('model_versions')
        .set({ ...versionContentColumns(contents), status: 'READY', last_update_time: now })
        .where('id', '=', found.id)
        .where('status', '=', 'PENDING_REGISTRATION')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) throw invalidState(`version ${version} of '${name}' is ${found.status}, not PENDING_REGISTRATION`);
      await insertVersionFiles(trx, found.id, contents.files);
      await this.audit.record(trx, {
        action: 'model_version.files.finalize',
        resourceType: 'model_version',
        resourceId: `${name}/${version}`,
        projectId: found.projectId,
        details: { files: contents.files.length, bytes: contents.files.reduce((n, f) => n + f.size, 0), format: contents.format, signature: contents.signature !== null },
        payload: contents,
      });
    });
  }
}

async function findVersion(db: Db, name: string, version: number): Promise<{ id: number; status: string; projectId: number }> {
  const row = await db
    .selectFrom('model_versions as v')
    .innerJoin('registered_models as m', 'm.id', 'v.model_id')
    .select(['v.id', 'v.status', 'm.project_id'])
    .where('m.name', '=', name)
    .where('v.version', '=', version)
    .where('v.current_stage', '<>', deletedStage)
    .executeTakeFirst();
  if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
  return { id: Number(row.id), status: row.status, projectId: Number(row.project_id) };
}
