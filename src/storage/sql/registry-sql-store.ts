import type { Kysely, Transaction } from 'kysely';
import { alreadyExists, notFound } from '../../domain/errors.js';
import type { DeletionGuard, ModelQuery, RegistryStore, VersionQuery } from '../../domain/registry/registry-store.js';
import { deletedStage, type ModelStage, type ModelVersion, type NewModelVersion, type RegisteredModel } from '../../domain/registry/types.js';
import type { KeyValue } from '../../domain/tracking/types.js';
import type { AuditChange } from '../../domain/audit/audit-event.js';
import { clipDetail } from '../../domain/audit/audit-details.js';
import type { AuditTrail, StampedChange } from './audit-trail.js';
import { lockAliasHolders, withdrawRequestsOfDeleted } from './governance-sql-deletions.js';
import { defaultProjectId } from '../../domain/access/project-access.js';
import type { Schema } from './schema.js';
import { insertVersionFiles, versionContentColumns } from './version-files-sql-store.js';
import { hydrateModels, hydrateVersions, latestVersionRows, versionRows, type VersionRow } from './registry-sql-read.js';
import { selectModelRows, selectVersionRows } from './registry-search-sql.js';
import { isUniqueViolation } from './sql-support.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** RegistryStore on SQLite and Postgres through one Kysely implementation. */
export class RegistrySqlStore implements RegistryStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditTrail,
  ) {}

  async createModel(name: string, description: string, tags: readonly KeyValue[], now: number, projectId = defaultProjectId): Promise<RegisteredModel> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('registered_models')
          .values({ name, description, creation_time: now, last_update_time: now, project_id: projectId })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (tags.length > 0) await trx.insertInto('registered_model_tags').values(tags.map((t) => ({ model_id: Number(id), key: t.key, value: t.value }))).execute();
        await this.record(trx, name, { action: 'model.create', details: { description: clipDetail(description), tags: tags.length }, payload: { name, description, tags } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`Registered Model (name=${name}) already exists.`);
      throw error;
    }
    return this.getModel(name);
  }

  async getModel(name: string): Promise<RegisteredModel> {
    const row = await this.db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw modelNotFound(name);
    const [model] = await hydrateModels(this.db, [{ ...row, id: Number(row.id) }]);
    return model as RegisteredModel;
  }

  async renameModel(name: string, newName: string, now: number): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const result = await trx.updateTable('registered_models').set({ name: newName, last_update_time: now }).where('name', '=', name).executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw modelNotFound(name);
        // Under its new name, so that the model's history from here on is found by the name it has.
        await this.record(trx, newName, { action: 'model.rename', details: { previousName: name } });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(`Registered Model (name=${newName}) already exists.`);
      throw error;
    }
  }

  async updateModelDescription(name: string, description: string, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('registered_models').set({ description, last_update_time: now }).where('name', '=', name).executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw modelNotFound(name);
      await this.record(trx, name, { action: 'model.update', details: { description: clipDetail(description) }, payload: { description } });
    });
  }

  async deleteModel(name: string, guard?: DeletionGuard): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const modelId = await requireModelId(trx, name);
      const projectId = await modelProjectId(trx, name);
      // Requests before versions: the order in which a promotion decision takes its locks.
      const withdrawn = await withdrawRequestsOfDeleted(trx, this.audit, { model: name });
      // Locked even with no guard: a promotion must not add an alias to a version deleted below.
      const held = await lockAliasHolders(trx, { model: name });
      guard?.(held);
      const versionIds = trx.selectFrom('model_versions').select('id').where('model_id', '=', modelId);
      await trx.deleteFrom('registered_model_aliases').where('model_id', '=', modelId).execute();
      await trx.deleteFrom('model_version_tags').where('version_id', 'in', versionIds).execute();
      await trx.deleteFrom('model_version_files').where('version_id', 'in', versionIds).execute();
      await trx.deleteFrom('model_versions').where('model_id', '=', modelId).execute();
      await trx.deleteFrom('registered_model_tags').where('model_id', '=', modelId).execute();
      await trx.deleteFrom('model_cards').where('model_id', '=', modelId).execute();
      await trx.deleteFrom('registered_models').where('id', '=', modelId).execute();
      await this.record(trx, name, { action: 'model.delete', details: {} }, projectId, withdrawn);
    });
  }

  async setModelTag(name: string, tag: KeyValue): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const modelId = await requireModelId(trx, name);
      await trx
        .insertInto('registered_model_tags')
        .values({ model_id: modelId, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['model_id', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      await this.record(trx, name, { action: 'model.tag.set', details: { key: tag.key, value: clipDetail(tag.value) }, payload: tag });
    });
  }

  async deleteModelTag(name: string, key: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const modelId = await requireModelId(trx, name);
      await trx.deleteFrom('registered_model_tags').where('model_id', '=', modelId).where('key', '=', key).execute();
      await this.record(trx, name, { action: 'model.tag.delete', details: { key } });
    });
  }

  async searchModels(query: ModelQuery): Promise<RegisteredModel[]> {
    const rows = await selectModelRows(this.db, query);
    return hydrateModels(this.db, rows.map((row) => ({ ...row, id: Number(row.id) })));
  }

  async createVersion(input: NewModelVersion, now: number): Promise<ModelVersion> {
    const version = await this.db.transaction().execute(async (trx) => {
      const modelId = await requireModelId(trx, input.name);
      // Serialises concurrent creations on this model (Postgres row lock; SQLite has one writer).
      await trx.updateTable('registered_models').set({ last_update_time: now }).where('id', '=', modelId).execute();
      const top = await trx.selectFrom('model_versions').select(({ fn }) => fn.max('version').as('top')).where('model_id', '=', modelId).executeTakeFirst();
      const next = Number(top?.top ?? 0) + 1;
      const { id } = await trx
        .insertInto('model_versions')
        .values({
          model_id: modelId,
          version: next,
          creation_time: now,
          last_update_time: now,
          user_id: input.userId,
          current_stage: 'None',
          description: input.description,
          source: input.source,
          run_id: input.runId,
          run_link: input.runLink,
          status: input.status ?? 'READY',
          ...versionContentColumns(input.contents),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertVersionFiles(trx, Number(id), input.contents?.files ?? []);
      if (input.tags.length > 0) {
        await trx.insertInto('model_version_tags').values(input.tags.map((t) => ({ version_id: Number(id), key: t.key, value: t.value }))).execute();
      }
      await this.record(trx, input.name, {
        action: 'model_version.create',
        resourceId: `${input.name}/${next}`,
        details: { source: clipDetail(input.source), runId: input.runId, tags: input.tags.length },
        payload: { ...input, version: next },
      });
      return next;
    });
    return this.getVersion(input.name, version);
  }

  async getVersion(name: string, version: number): Promise<ModelVersion> {
    const row = await versionRows(this.db).where('m.name', '=', name).where('v.version', '=', version).executeTakeFirst();
    if (!row) {
      await requireModelId(this.db, name);
      throw versionNotFound(name, version);
    }
    const [found] = await hydrateVersions(this.db, [row as VersionRow]);
    return found as ModelVersion;
  }

  async updateVersionDescription(name: string, version: number, description: string, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await requireVersionId(trx, name, version);
      await trx.updateTable('model_versions').set({ description, last_update_time: now }).where('id', '=', id).execute();
      await this.record(trx, name, { action: 'model_version.update', resourceId: `${name}/${version}`, details: { description: clipDetail(description) }, payload: { description } });
    });
  }

  async deleteVersion(name: string, version: number, now: number, guard?: DeletionGuard): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await requireVersionId(trx, name, version);
      const withdrawn = await withdrawRequestsOfDeleted(trx, this.audit, { model: name, version });
      const held = await lockAliasHolders(trx, { model: name, version });
      guard?.(held);
      await trx.deleteFrom('registered_model_aliases').where('version_id', '=', id).execute();
      await trx.deleteFrom('model_version_tags').where('version_id', '=', id).execute();
      await trx.updateTable('model_versions').set({ current_stage: deletedStage, last_update_time: now }).where('id', '=', id).execute();
      await this.record(trx, name, { action: 'model_version.delete', resourceId: `${name}/${version}`, details: {} }, undefined, withdrawn);
    });
  }

  async transitionStage(name: string, version: number, stage: ModelStage, archiveExisting: boolean, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await requireVersionId(trx, name, version);
      if (archiveExisting) {
        const modelId = await requireModelId(trx, name);
        await trx
          .updateTable('model_versions')
          .set({ current_stage: 'Archived', last_update_time: now })
          .where('model_id', '=', modelId)
          .where('current_stage', '=', stage)
          .where('id', '<>', id)
          .execute();
      }
      await trx.updateTable('model_versions').set({ current_stage: stage, last_update_time: now }).where('id', '=', id).execute();
      await this.record(trx, name, { action: 'model_version.stage', resourceId: `${name}/${version}`, details: { stage, archiveExisting } });
    });
  }

  async latestVersions(name: string, stages: readonly ModelStage[]): Promise<ModelVersion[]> {
    const modelId = await requireModelId(this.db, name);
    return hydrateVersions(this.db, await latestVersionRows(this.db, [modelId], stages));
  }

  async setVersionTag(name: string, version: number, tag: KeyValue): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await requireVersionId(trx, name, version);
      await trx
        .insertInto('model_version_tags')
        .values({ version_id: id, key: tag.key, value: tag.value })
        .onConflict((oc) => oc.columns(['version_id', 'key']).doUpdateSet({ value: tag.value }))
        .execute();
      await this.record(trx, name, { action: 'model_version.tag.set', resourceId: `${name}/${version}`, details: { key: tag.key, value: clipDetail(tag.value) }, payload: tag });
    });
  }

  async deleteVersionTag(name: string, version: number, key: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const id = await requireVersionId(trx, name, version);
      await trx.deleteFrom('model_version_tags').where('version_id', '=', id).where('key', '=', key).execute();
      await this.record(trx, name, { action: 'model_version.tag.delete', resourceId: `${name}/${version}`, details: { key } });
    });
  }

  async searchVersions(query: VersionQuery): Promise<ModelVersion[]> {
    return hydrateVersions(this.db, await selectVersionRows(this.db, query));
  }

  async setAlias(name: string, alias: string, version: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const modelId = await requireModelId(trx, name);
      const id = await requireVersionId(trx, name, version);
      await trx
        .insertInto('registered_model_aliases')
        .values({ model_id: modelId, alias, version_id: id })
        .onConflict((oc) => oc.columns(['model_id', 'alias']).doUpdateSet({ version_id: id }))
        .execute();
      await this.record(trx, name, { action: 'model.alias.set', details: { alias, version } });
    });
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const modelId = await requireModelId(trx, name);
      await trx.deleteFrom('registered_model_aliases').where('model_id', '=', modelId).where('alias', '=', alias).execute();
      await this.record(trx, name, { action: 'model.alias.delete', details: { alias } });
    });
  }

  async getVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const modelId = await requireModelId(this.db, name);
    const row = await versionRows(this.db)
      .innerJoin('registered_model_aliases as a', 'a.version_id', 'v.id')
      .where('a.model_id', '=', modelId)
      .where('a.alias', '=', alias)
      .executeTakeFirst();
    if (!row) throw notFound(`Registered model alias ${alias} not found.`);
    const [found] = await hydrateVersions(this.db, [row as VersionRow]);
    return found as ModelVersion;
  }

  /**
   * The change's audit event, as the last statement of `trx`. Pass `projectId` when the model is gone
   * by now (deleted in `trx`); it is looked up by name otherwise. `earlier` are events stamped before in `trx`, appended first.
   */
  private async record(trx: Transaction<Schema>, name: string, change: ModelChange, projectId?: number | null, earlier: readonly StampedChange[] = []): Promise<void> {
    const { resourceId, ...rest } = change;
    const isVersion = resourceId !== undefined;
    const stamped = this.audit.stamp({
      ...rest,
      resourceType: isVersion ? 'model_version' : 'model',
      resourceId: resourceId ?? name,
      projectId: projectId === undefined ? await modelProjectId(trx, name) : projectId,
    });
    await this.audit.append(trx, [...earlier, stamped]);
  }
}

/** A change to a model, or with `resourceId` (`name/version`) to one of its versions. */
type ModelChange = Omit<AuditChange, 'resourceType' | 'resourceId' | 'projectId'> & { resourceId?: string };

async function modelProjectId(db: Db, name: string): Promise<number | null> {
  const row = await db.selectFrom('registered_models').select('project_id').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.project_id) : null;
}

async function requireModelId(db: Db, name: string): Promise<number> {
  const row = await db.selectFrom('registered_models').select('id').where('name', '=', name).executeTakeFirst();
  if (!row) throw modelNotFound(name);
  return Number(row.id);
}

async function requireVersionId(db: Db, name: string, version: number): Promise<number> {
  const row = await versionRows(db as Kysely<Schema>).where('m.name', '=', name).where('v.version', '=', version).executeTakeFirst();
  if (row) return Number(row.id);
  await requireModelId(db, name);
  throw versionNotFound(name, version);
}

const modelNotFound = (name: string) => notFound(`Registered Model with name=${name} not found`);
const versionNotFound = (name: string, version: number) => notFound(`Model Version (name=${name}, version=${version}) not found`);
