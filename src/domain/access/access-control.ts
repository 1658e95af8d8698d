import { CairnError, notFound } from '../errors.js';
import { uploadFolderOf } from '../registry/upload-folder.js';
import type { ServedDeployment } from './authorizer.js';
import { scopedTokenDenial, type CallContext, type CallContextSource, type Caller } from './caller.js';
import { defaultProjectId, defaultProjectName, projectTag, type ProjectAccess } from './project-access.js';
import type { ProjectLookup, ProjectRef, RoleLookup } from './project-lookup.js';
import { projectRoles, roleAllows, type Permission, type ProjectRole } from './roles.js';

export interface AccessControlOptions {
  context: CallContextSource;
  lookup: ProjectLookup;
  roles: RoleLookup;
  /** Entries per resource cache (experiments, runs); the oldest go first. */
  cacheSize?: number;
}

/**
 * Decides every access by the caller's role in the project that holds the resource. Global admins
 * (the implicit local admin and Cairn's own work included) pass without any lookup, so an
 * installation without authentication pays nothing.
 *
 * Caching: which project an experiment or a run belongs to is kept in memory, because it never
 * changes (experiments never move between projects, runs never move between experiments, and ids
 * are never reused); this keeps the log-batch hot path at one role lookup per request. Roles are
 * NOT cached beyond one call (one request): a membership granted or removed on any replica
 * takes effect on the next request. Model names are not cached either, since a rename frees a name.
 *
 * A token scoped to one deployment (Caller.scope) is refused everything, except `requireServing`
 * for its deployment; once that passed, the same call (one inference request) may read the
 * deployment's project, so the registry and model-file lookups that load its models succeed. No
 * other call gets that far: only the inference path asks for `requireServing`.
 */
export class AccessControl implements ProjectAccess {
  private readonly context: CallContextSource;
  private readonly lookup: ProjectLookup;
  private readonly roles: RoleLookup;
  private readonly experiments: BoundedCache<string, number>;
  private readonly runs: BoundedCache<string, number>;
  /** Roles read during one call, dropped with the call's context. */
  private readonly rolesByCall = new WeakMap<CallContext, Map<number, ProjectRole | null>>();
  /** For a scoped token's call that passed `requireServing`: the project of its deployment. */
  private readonly servingByCall = new WeakMap<CallContext, number>();

  constructor(options: AccessControlOptions) {
    this.context = options.context;
    this.lookup = options.lookup;
    this.roles = options.roles;
    this.experiments = new BoundedCache(options.cacheSize ?? 100_000);
    this.runs = new BoundedCache(options.cacheSize ?? 100_000);
  }

  caller(): Caller {
    return this.context.current().caller;
  }

  async requireProject(projectId: number, permission: Permission, action?: string): Promise<void> {
    const call = this.context.current();
    if (call.caller.isAdmin) return;
    const userId = signedIn(call.caller);
    if (call.caller.scope) {
      // Reads that serve the deployment this call was allowed to call (its models); nothing else.
      if (permission === 'read' && this.servingByCall.get(call) === projectId) return;
      const project = (await this.lookup.projectName(projectId)) ?? String(projectId);
      throw scopedTokenDenial(call.caller.scope, action ?? `${permission} access to project '${project}'`);
    }
    const role = await this.roleIn(call, userId, projectId);
    if (role !== undefined && roleAllows(role, permission)) return;
    const project = (await this.lookup.projectName(projectId)) ?? String(projectId);
    const has = role === undefined ? 'has no role there' : `has role ${role}`;
    throw new CairnError(
      'PERMISSION_DENIED',
      `user '${call.caller.name}' needs role ${rolesAllowing(permission)} in project '${project}' ${action ?? `for ${permission} access`} (${has})`,
    );
  }

  async requireExperiment(experimentId: string, permission: Permission, action?: string): Promise<void> {
    if (this.caller().isAdmin) return;
    this.refuseScopedOutsideServing(action ?? `to ${verb(permission)} experiment '${experimentId}'`);
    let projectId = this.experiments.get(experimentId);
    if (projectId === undefined) {
      projectId = await this.lookup.projectOfExperiment(experimentId);
      if (projectId === undefined) throw notFound(`No experiment with id '${experimentId}'`);
      this.experiments.set(experimentId, projectId);
    }
    await this.requireProject(projectId, permission, action ?? `to ${verb(permission)} experiment '${experimentId}'`);
  }

  async requireRun(runId: string, permission: Permission, action?: string): Promise<void> {
    if (this.caller().isAdmin) return;
    this.refuseScopedOutsideServing(action ?? `to ${verb(permission)} run '${runId}'`);
    let projectId = this.runs.get(runId);
    if (projectId === undefined) {
      projectId = await this.lookup.projectOfRun(runId);
      if (projectId === undefined) throw notFound(`No run with id '${runId}'`);
      this.runs.set(runId, projectId);
    }
    await this.requireProject(projectId, permission, action ?? `to ${verb(permission)} run '${runId}'`);
  }

  async requireModel(modelName: string, permission: Permission, action?: string): Promise<void> {
    if (this.caller().isAdmin) return;
    this.refuseScopedOutsideServing(action ?? `to ${verb(permission)} registered model '${modelName}'`);
    const projectId = await this.lookup.projectOfModel(modelName);
    if (projectId === undefined) throw notFound(`Registered Model with name=${modelName} not found`);
    await this.requireProject(projectId, permission, action ?? `to ${verb(permission)} registered model '${modelName}'`);
  }

  async requireServing(deployment: ServedDeployment): Promise<void> {
    const call = this.context.current();
    const { caller } = call;
    if (caller.isAdmin) return;
    const action = `to call deployment '${deployment.name}'`;
    if (!caller.scope) return this.requireProject(deployment.projectId, 'read', action);
    const userId = signedIn(caller);
    if (caller.scope.deploymentId !== deployment.id) throw scopedTokenDenial(caller.scope, action);
    // The token acts for its owner: one who may no longer read the project cannot call it through a token either.
    if (!caller.scope.ownerIsAdmin) {
      const role = await this.roleIn(call, userId, deployment.projectId);
      if (role === undefined || !roleAllows(role, 'read')) {
        const project = (await this.lookup.projectName(deployment.projectId)) ?? String(deployment.projectId);
        const has = role === undefined ? 'has no role there' : `has role ${role}`;
        throw new CairnError(
          'PERMISSION_DENIED',
          `user '${caller.name}', who owns this API token scoped to deployment '${deployment.name}', needs role ${rolesAllowing('read')} in project '${project}' ${action} (${has})`,
        );
      }
    }
    this.servingByCall.set(call, deployment.projectId);
  }

  requireAdmin(): void {
    const caller = this.caller();
    if (caller.isAdmin) return;
    signedIn(caller);
    if (caller.scope) throw scopedTokenDenial(caller.scope, 'to manage users and projects');
    throw new CairnError('PERMISSION_DENIED', `user '${caller.name}' is not an installation admin; only admins manage users and projects`);
  }

  async readableProjects(): Promise<number[] | undefined> {
    const caller = this.caller();
    if (caller.isAdmin) return undefined;
    // A listing or search is never part of serving a deployment.
    if (caller.scope) throw scopedTokenDenial(caller.scope, 'to list or search projects');
    const memberships = await this.roles.memberships(signedIn(caller));
    return memberships.filter((m) => roleAllows(m.role, 'read')).map((m) => m.projectId);
  }

  async requireProjectNamed(name: string | undefined, permission: Permission, action?: string): Promise<ProjectRef> {
    const project = name === undefined || name === '' ? await this.defaultProject() : await this.lookup.projectByName(name);
    if (!project) throw notFound(`No project named '${name}'`);
    try {
      await this.requireProject(project.id, permission, action);
    } catch (error) {
      // Most often an MLflow client that named no project: say how to name one.
      if (name || this.caller().scope || !(error instanceof CairnError) || error.code !== 'PERMISSION_DENIED') throw error;
      throw new CairnError('PERMISSION_DENIED', `${error.message}; to create in another project, name it with the tag '${projectTag}' (MLflow API) or the field 'project' (native API)`);
    }
    return project;
  }

  async requireArtifactPath(path: string, permission: Permission): Promise<void> {
    const upload = uploadFolderOf(path);
    // Uploaded model files are recorded with their digests when the version is finalized, so the
    // proxied artifact API never changes them, for anybody: uploads go through the model file routes.
    if (upload !== undefined && permission !== 'read') {
      throw new CairnError(
        'PERMISSION_DENIED',
        `artifact ${path} holds files uploaded to a model version and is read-only here; upload with PUT /api/v1/models/{name}/versions/{version}/files/content while the version is pending`,
      );
    }
    const caller = this.caller();
    if (caller.isAdmin) return;
    signedIn(caller);
    this.refuseScopedOutsideServing(`to ${verb(permission)} artifact ${path}`);
    if (upload !== undefined) return this.requireUploadFolder(upload, path, permission);
    const experimentId = await this.lookup.experimentOfArtifactPath(path);
    if (experimentId === undefined) {
      throw new CairnError('PERMISSION_DENIED', `user '${caller.name}' may not ${verb(permission)} artifact ${path}: it belongs to no experiment, so only admins may`);
    }
    await this.requireExperiment(experimentId, permission, `to ${verb(permission)} artifact ${path}`);
  }

  /** An upload folder belongs to the model of the version created for it (not cached: models can be deleted). */
  private async requireUploadFolder(folder: string, path: string, permission: Permission): Promise<void> {
    const owner = folder === '' ? undefined : await this.lookup.modelOfUploadFolder(folder);
    if (!owner) {
      throw new CairnError('PERMISSION_DENIED', `user '${this.caller().name}' may not ${verb(permission)} artifact ${path}: it belongs to no model version, so only admins may`);
    }
    await this.requireProject(owner.projectId, permission, `to ${verb(permission)} artifact ${path} of registered model '${owner.name}'`);
  }

  /** A scoped token's call that did not pass `requireServing` is refused before any lookup (no NOT_FOUND hints either). */
  private refuseScopedOutsideServing(action: string): void {
    const call = this.context.current();
    if (call.caller.scope && !this.servingByCall.has(call)) throw scopedTokenDenial(call.caller.scope, action);
  }

  private async defaultProject(): Promise<ProjectRef | undefined> {
    const name = await this.lookup.projectName(defaultProjectId);
    return { id: defaultProjectId, name: name ?? defaultProjectName };
  }

  private async roleIn(call: CallContext, userId: number, projectId: number): Promise<ProjectRole | undefined> {
    let roles = this.rolesByCall.get(call);
    if (!roles) {
      roles = new Map();
      this.rolesByCall.set(call, roles);
    }
    const known = roles.get(projectId);
    if (known !== undefined) return known ?? undefined;
    const role = await this.roles.memberRole(userId, projectId);
    roles.set(projectId, role ?? null);
    return role;
  }
}

/** A non-admin caller without a user is nobody: authentication should have refused the request. */
function signedIn(caller: Caller): number {
  if (caller.userId === null) throw new CairnError('UNAUTHENTICATED', 'sign in first: this call needs a user');
  return caller.userId;
}

/** "contributor or higher", "approver or admin", "admin": the roles that grant `permission`. */
export function rolesAllowing(permission: Permission): string {
  const allowed = projectRoles.filter((role) => roleAllows(role, permission));
  const first = allowed[0] ?? 'admin';
  if (allowed.length === 1) return first;
  // deployer and approver do not include each other, so "approver or higher" would mislead.
  const higher = projectRoles.slice(projectRoles.indexOf(first));
  if (allowed.length > 2 && higher.length === allowed.length) return `${first} or higher`;
  return allowed.join(' or ');
}

function verb(permission: Permission): string {
  switch (permission) {
    case 'read':
      return 'read';
    case 'write':
      return 'change';
    case 'deploy':
      return 'deploy';
    case 'approve':
      return 'approve changes to';
    case 'manage':
      return 'manage';
  }
}

/** A Map that forgets its oldest entries past `limit`; enough for facts that never change. */
class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.limit) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }
}
