import { beforeEach, describe, expect, it } from 'vitest';
import { AccessControl } from '../../../src/domain/access/access-control.js';
import type { Caller } from '../../../src/domain/access/caller.js';
import { CairnError } from '../../../src/domain/errors.js';
import { ProjectLookupSqlStore } from '../../../src/storage/sql/project-lookup-sql-store.js';
import { backends } from '../../support/backends.js';
import { createRun, newExperiment, useStore } from '../../storage/sql/store-fixture.js';
import { testAudit } from '../../support/test-audit.js';

async function refusal(work: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CairnError)) throw new Error(`expected a CairnError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe.each(backends)('a caller scoped to one deployment on %s', (backend) => {
  const t = useStore(backend);
  let access: AccessControl;
  let run: <T>(caller: Caller, work: () => Promise<T>) => Promise<T>;
  let fraud: number;
  let other: number;
  let scoped: Caller;
  let runId: string;
  let otherRunId: string;
  const deployment = () => ({ id: 41, name: 'fraud-api', projectId: fraud });

  beforeEach(async () => {
    const { context } = testAudit(t.database);
    const lookup = new ProjectLookupSqlStore(t.database.db, t.database.dialect);
    access = new AccessControl({ context, lookup, roles: lookup });
    run = (caller, work) => context.run({ caller, requestId: null }, work);
    const project = async (name: string) =>
      Number((await t.database.db.insertInto('projects').values({ name, description: '', protected_aliases: '[]', creation_time: 1 }).returning('id').executeTakeFirstOrThrow()).id);
    fraud = await project('fraud');
    other = await project('other');
    const user = await t.database.db
      .insertInto('users')
      .values({ name: 'dora', display_name: 'dora', password_hash: null, is_admin: 0, disabled: 0, creation_time: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const userId = Number(user.id);
    // Dora administers both projects: the scope, not her role, is what limits the token.
    for (const projectId of [fraud, other]) await t.database.db.insertInto('project_members').values({ project_id: projectId, user_id: userId, role: 'admin' }).execute();
    scoped = { userId, name: 'dora', isAdmin: false, scope: { deploymentId: 41, deployment: 'fraud-api', ownerIsAdmin: false } };
    const experimentId = await t.store.createExperiment({ ...newExperiment('fraud-exp'), projectId: fraud });
    runId = await createRun(t.store, { experimentId, artifactUri: `mlflow-artifacts:/${experimentId}/x/artifacts` });
    const otherExperiment = await t.store.createExperiment({ ...newExperiment('other-exp'), projectId: other });
    otherRunId = await createRun(t.store, { experimentId: otherExperiment, artifactUri: `mlflow-artifacts:/${otherExperiment}/x/artifacts` });
  });

  it('is refused every project check outside a call to its deployment, before any lookup', async () => {
    await run(scoped, async () => {
      for (const attempt of [
        () => access.requireProject(fraud, 'read'),
        () => access.requireRun(runId, 'read'),
        () => access.requireRun('no-such-run', 'read'),
        () => access.requireModel('no-such-model', 'read'),
        () => access.requireArtifactPath('1/x/artifacts/a.txt', 'read'),
        () => access.readableProjects(),
      ]) {
        const refused = await refusal(attempt());
        expect(refused.code).toBe('PERMISSION_DENIED');
        expect(refused.message).toContain("this API token is scoped to deployment 'fraud-api'");
      }
      expect(() => access.requireAdmin()).toThrow(/scoped to deployment 'fraud-api'/);
    });
  });

  it("may read its deployment's project for the rest of the call once the deployment check passed, and nothing more", async () => {
    await run(scoped, async () => {
      await access.requireServing(deployment());
      await access.requireProject(fraud, 'read');
      await access.requireRun(runId, 'read');
      expect((await refusal(access.requireRun(runId, 'write'))).code).toBe('PERMISSION_DENIED');
      expect((await refusal(access.requireProject(fraud, 'deploy'))).code).toBe('PERMISSION_DENIED');
      expect((await refusal(access.requireRun(otherRunId, 'read'))).code).toBe('PERMISSION_DENIED');
    });
    // The next call (request) starts without it.
    await run(scoped, async () => {
      expect((await refusal(access.requireRun(runId, 'read'))).code).toBe('PERMISSION_DENIED');
    });
  });

  it('is refused another deployment, even of the same project', async () => {
    await run(scoped, async () => {
      const refused = await refusal(access.requireServing({ id: 42, name: 'fraud-canary', projectId: fraud }));
      expect(refused).toEqual({
        code: 'PERMISSION_DENIED',
        message: "this API token is scoped to deployment 'fraud-api': it may only call that deployment's inference routes (refused to call deployment 'fraud-canary')",
      });
    });
  });

  it("needs its owner's read access to the project, unless the owner is an installation admin", async () => {
    await t.database.db.deleteFrom('project_members').where('project_id', '=', fraud).execute();
    await run(scoped, async () => {
      const refused = await refusal(access.requireServing(deployment()));
      expect(refused.message).toContain("user 'dora', who owns this API token scoped to deployment 'fraud-api', needs role viewer or higher in project 'fraud'");
    });
    const ofAdmin: Caller = { ...scoped, scope: { deploymentId: 41, deployment: 'fraud-api', ownerIsAdmin: true } };
    await run(ofAdmin, async () => {
      await access.requireServing(deployment());
      await access.requireRun(runId, 'read');
    });
  });

  it('leaves unscoped callers to their role', async () => {
    const unscoped: Caller = { userId: scoped.userId, name: 'dora', isAdmin: false };
    await run(unscoped, async () => {
      await access.requireServing({ id: 42, name: 'fraud-canary', projectId: fraud });
      await access.requireRun(otherRunId, 'write');
    });
  });
});
