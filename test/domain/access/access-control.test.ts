import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessControl, rolesAllowing } from '../../../src/domain/access/access-control.js';
import { localAdmin, type Caller } from '../../../src/domain/access/caller.js';
import type { ProjectLookup, RoleLookup } from '../../../src/domain/access/project-lookup.js';
import type { ProjectRole } from '../../../src/domain/access/roles.js';
import { CairnError } from '../../../src/domain/errors.js';
import type { SqlDatabase } from '../../../src/storage/sql/database.js';
import { ProjectLookupSqlStore } from '../../../src/storage/sql/project-lookup-sql-store.js';
import { RegistrySqlStore } from '../../../src/storage/sql/registry-sql-store.js';
import { backends } from '../../support/backends.js';
import { createRun, newExperiment, useStore } from '../../storage/sql/store-fixture.js';
import { testAudit } from '../../support/test-audit.js';

/** Counts the lookups that reach the database, to show what is cached and what is not. */
function counted(store: ProjectLookupSqlStore): { lookup: ProjectLookup & RoleLookup; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const lookup = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(property), (calls.get(String(property)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { lookup, calls };
}

async function addUser(database: SqlDatabase, name: string): Promise<number> {
  const { id } = await database.db
    .insertInto('users')
    .values({ name, display_name: name, password_hash: null, is_admin: 0, disabled: 0, creation_time: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

async function setRole(database: SqlDatabase, projectId: number, userId: number, role: ProjectRole | null): Promise<void> {
  await database.db.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
  if (role) await database.db.insertInto('project_members').values({ project_id: projectId, user_id: userId, role }).execute();
}

describe.each(backends)('access control on %s', (backend) => {
  const t = useStore(backend);
  let access: AccessControl;
  let calls: Map<string, number>;
  let run: <T>(caller: Caller, work: () => Promise<T>) => Promise<T>;
  let fraud: number;
  let bob: Caller;
  let experimentId: string;
  let runId: string;

  beforeEach(async () => {
    const { context } = testAudit(t.database);
    const spy = counted(new ProjectLookupSqlStore(t.database.db, t.database.dialect));
    calls = spy.calls;
    access = new AccessControl({ context, lookup: spy.lookup, roles: spy.lookup });
    run = (caller, work) => context.run({ caller, requestId: null }, work);
    const row = await t.database.db
      .insertInto('projects')
      .values({ name: 'fraud', description: '', protected_aliases: '[]', creation_time: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    fraud = Number(row.id);
    const bobId = await addUser(t.database, 'bob');
    bob = { userId: bobId, name: 'bob', isAdmin: false };
    experimentId = await t.store.createExperiment({ ...newExperiment('fraud-exp'), projectId: fraud });
    runId = await createRun(t.store, { experimentId, artifactUri: `mlflow-artifacts:/${experimentId}/x/artifacts` });
  });
  afterEach(() => calls.clear());

  it('lets admins through without a single lookup', async () => {
    await run(localAdmin, async () => {
      await access.requireRun(runId, 'manage');
      await access.requireExperiment('999', 'write');
      await access.requireModel('no-such-model', 'read');
      expect(await access.readableProjects()).toBeUndefined();
    });
    expect(calls.size).toBe(0);
  });

  it('allows what the role grants and refuses the rest, naming the project and the role needed', async () => {
    await setRole(t.database, fraud, bob.userId as number, 'viewer');
    await run(bob, async () => {
      await access.requireRun(runId, 'read');
      const refused = await access.requireRun(runId, 'write', `to log to run '${runId}'`).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(CairnError);
      expect(refused).toMatchObject({
        code: 'PERMISSION_DENIED',
        message: `user 'bob' needs role contributor or higher in project 'fraud' to log to run '${runId}' (has role viewer)`,
      });
    });
  });

  it('remembers which project a run is in, but reads the role afresh on every call', async () => {
    await setRole(t.database, fraud, bob.userId as number, 'contributor');
    await run(bob, () => access.requireRun(runId, 'write'));
    await run(bob, () => access.requireRun(runId, 'write'));
    expect(calls.get('projectOfRun')).toBe(1);
    expect(calls.get('memberRole')).toBe(2);

    await setRole(t.database, fraud, bob.userId as number, null);
    await expect(run(bob, () => access.requireRun(runId, 'read'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('asks for a role once per call however many checks the call makes', async () => {
    await setRole(t.database, fraud, bob.userId as number, 'viewer');
    await run(bob, async () => {
      await access.requireExperiment(experimentId, 'read');
      await access.requireRun(runId, 'read');
    });
    expect(calls.get('memberRole')).toBe(1);
  });

  it('answers NOT_FOUND for unknown resources and does not remember them', async () => {
    await run(bob, async () => {
      await expect(access.requireRun('f'.repeat(32), 'read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(access.requireRun('f'.repeat(32), 'read')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(access.requireProjectNamed('nope', 'write')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
    expect(calls.get('projectOfRun')).toBe(2);
  });

  it('lists as readable only the projects the caller is a member of', async () => {
    await run(bob, async () => expect(await access.readableProjects()).toEqual([]));
    await setRole(t.database, fraud, bob.userId as number, 'viewer');
    await run(bob, async () => expect(await access.readableProjects()).toEqual([fraud]));
  });

  it('finds the experiment that owns a proxied artifact path; paths nobody owns are for admins only', async () => {
    await setRole(t.database, fraud, bob.userId as number, 'contributor');
    await run(bob, async () => {
      await access.requireArtifactPath(`${experimentId}/${runId}/artifacts/model.onnx`, 'write');
      await expect(access.requireArtifactPath('0/abc/artifacts/x', 'read')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      await expect(access.requireArtifactPath('stray/file', 'read')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    });
  });

  it('gives an upload folder to the model of the version created for it, and never lets anyone write there', async () => {
    const registry = new RegistrySqlStore(t.database.db, testAudit(t.database).audit);
    const version = { runId: '', runLink: '', description: '', userId: '', tags: [] };
    await registry.createModel('fraud-model', '', [], 1, fraud);
    await registry.createVersion({ ...version, name: 'fraud-model', source: 'mlflow-artifacts:/registry/abc' }, 1);
    // A later version registered from the same folder, in another project, does not take it over.
    await registry.createModel('copy', '', [], 2);
    await registry.createVersion({ ...version, name: 'copy', source: 'mlflow-artifacts:/registry/abc' }, 2);
    await setRole(t.database, fraud, bob.userId as number, 'viewer');
    await run(bob, async () => {
      await access.requireArtifactPath('registry/abc/model.onnx', 'read');
      await access.requireArtifactPath('registry/abc', 'read');
      await expect(access.requireArtifactPath('registry/other/model.onnx', 'read')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
      await expect(access.requireArtifactPath('registry', 'read')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    });
    await setRole(t.database, fraud, bob.userId as number, null);
    await expect(run(bob, () => access.requireArtifactPath('registry/abc/model.onnx', 'read'))).rejects.toMatchObject({
      code: 'PERMISSION_DENIED',
      message: "user 'bob' needs role viewer or higher in project 'fraud' to read artifact registry/abc/model.onnx of registered model 'fraud-model' (has no role there)",
    });
    await expect(run(localAdmin, () => access.requireArtifactPath('registry/abc/model.onnx', 'write'))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  it('finds an experiment with its own location inside the artifact store by the longest prefix', async () => {
    const custom = await t.store.createExperiment({ ...newExperiment('custom'), artifactLocation: 'mlflow-artifacts:/teams/fraud', projectId: fraud });
    const lookup = new ProjectLookupSqlStore(t.database.db, t.database.dialect);
    expect(await lookup.experimentOfArtifactPath('teams/fraud/run1/artifacts/a.txt')).toBe(custom);
    expect(await lookup.experimentOfArtifactPath('teams/other/a.txt')).toBeUndefined();
  });

  it('words the roles a permission needs', () => {
    expect(rolesAllowing('read')).toBe('viewer or higher');
    expect(rolesAllowing('write')).toBe('contributor or higher');
    expect(rolesAllowing('approve')).toBe('approver or admin');
    expect(rolesAllowing('manage')).toBe('admin');
  });
});
