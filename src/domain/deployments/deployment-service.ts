import type { Authorizer } from '../access/authorizer.js';
import type { Clock } from '../clock.js';
import { CairnError, invalidArgument, notFound } from '../errors.js';
import type { RegistryService } from '../registry/registry-service.js';
import type { ModelVersion } from '../registry/types.js';
import type { Deployment, DeploymentRevision, DeploymentSpec, DeploymentSpecInput, StoredDeployment } from './deployment.js';
import type { DeploymentStore, NewRevision } from './deployment-store.js';
import { normalizeSpec, validateComment, validateDeploymentName } from './deployment-validation.js';

/** The registry lookups a deployment needs (RegistryService; they check that the caller may read the model). */
export type DeploymentRegistry = Pick<RegistryService, 'getRegisteredModel' | 'getModelVersion' | 'getModelVersionByAlias'>;

export interface DeploymentServiceOptions {
  store: DeploymentStore;
  authorizer: Authorizer;
  registry: DeploymentRegistry;
  clock: Clock;
}

/** A short-lived memo of lookups by key (serving's TtlCache has this shape). */
export interface LookupMemo<V> {
  get(key: string, lookup: () => Promise<V>): Promise<V>;
}

export interface CreateDeploymentInput {
  project: string;
  name: string;
  spec: DeploymentSpecInput;
  comment?: string;
}

export interface UpdateDeploymentInput {
  spec: DeploymentSpecInput;
  comment?: string;
  /** The revision the change was made from; INVALID_STATE if another change landed since (optimistic concurrency). */
  expectedRevision?: number;
}

export interface RollbackInput {
  /** The revision whose spec to serve again; the one before the current revision when absent. */
  revision?: number;
  comment?: string;
}

const deployAction = 'to change deployments';

/**
 * Deployments as data: which model versions serve a named endpoint, kept as numbered revisions.
 * Changing one needs the `deploy` permission in its project, reading it `read`.
 */
export class DeploymentService {
  private readonly listeners = new Set<(name: string) => void>();

  constructor(private readonly options: DeploymentServiceOptions) {}

  /** Deployments of every project the caller may read, or of `project` only. */
  async list(project?: string): Promise<Deployment[]> {
    if (project !== undefined) {
      const projectId = await this.options.store.projectId(project);
      await this.options.authorizer.requireProject(projectId, 'read');
      return this.options.store.list([projectId]);
    }
    return this.options.store.list(await this.options.authorizer.readableProjects());
  }

  async get(name: string): Promise<Deployment> {
    return strip(await this.readable(name));
  }

  /**
   * The deployment with its ids, for the inference path (its prediction log needs them). Checks
   * `read` like `get`. `memo` lets serving reuse a store read for a short time (serving/ttl-cache.ts);
   * the permission check runs on every call all the same.
   */
  async servingLookup(name: string, memo?: LookupMemo<StoredDeployment>): Promise<StoredDeployment> {
    const deployment = memo ? await memo.get(name, () => this.found(name)) : await this.found(name);
    // `read` in its project, or a token scoped to this deployment (which may then load its models in this call).
    await this.options.authorizer.requireServing(deployment);
    return deployment;
  }

  /**
   * `listener` is called with a deployment's name after every change made through this service, so
   * caches in this process drop it at once (other replicas' caches expire on their own).
   */
  onChange(listener: (name: string) => void): void {
    this.listeners.add(listener);
  }

  async revisions(name: string): Promise<DeploymentRevision[]> {
    const deployment = await this.readable(name);
    return this.options.store.revisions(deployment.id);
  }

  async create(input: CreateDeploymentInput): Promise<Deployment> {
    const name = validateDeploymentName(input.name);
    const projectId = await this.options.store.projectId(input.project);
    await this.options.authorizer.requireProject(projectId, 'deploy', deployAction);
    const comment = validateComment(input.comment);
    const spec = normalizeSpec(input.spec);
    await this.checkTargets(spec, projectId);
    return this.changed(name, await this.options.store.create(projectId, name, this.revision(spec, comment)));
  }

  async update(name: string, input: UpdateDeploymentInput): Promise<Deployment> {
    const deployment = await this.changeable(name);
    const comment = validateComment(input.comment);
    const spec = normalizeSpec(input.spec);
    await this.checkTargets(spec, deployment.projectId);
    const expected = input.expectedRevision ?? deployment.current.revision;
    return this.changed(name, await this.options.store.addRevision(deployment, expected, this.revision(spec, comment), 'update'));
  }

  /**
   * Serves an earlier revision's spec again, as a new revision: history only grows. The spec is
   * checked again, since a version it names may have been deleted since.
   */
  async rollback(name: string, input: RollbackInput = {}): Promise<Deployment> {
    const deployment = await this.changeable(name);
    const comment = validateComment(input.comment);
    const current = deployment.current.revision;
    const target = input.revision ?? current - 1;
    if (target < 1) throw invalidArgument(`Deployment '${name}' has only revision 1: there is nothing to roll back to`);
    if (!Number.isSafeInteger(target) || target >= current) throw invalidArgument(`revision: must be an earlier revision than the current ${current}, got ${target}`);
    const earlier = (await this.options.store.revisions(deployment.id)).find((r) => r.revision === target);
    if (!earlier) throw notFound(`Deployment '${name}' has no revision ${target}`);
    await this.checkTargets(earlier.spec, deployment.projectId);
    const text = comment === '' ? `rollback to revision ${target}` : comment;
    return this.changed(name, await this.options.store.addRevision(deployment, current, this.revision(earlier.spec, text), 'rollback', { rolledBackTo: target }));
  }

  async delete(name: string): Promise<void> {
    const deployment = await this.changeable(name);
    await this.options.store.delete(deployment);
    this.changed(name, undefined);
  }

  private changed<T>(name: string, result: T): T {
    for (const listener of this.listeners) listener(name);
    return result;
  }

  private revision(spec: DeploymentSpec, comment: string): NewRevision {
    return { spec, comment, actor: this.options.authorizer.caller().name, time: this.options.clock.now() };
  }

  private async found(name: string): Promise<StoredDeployment> {
    const deployment = await this.options.store.get(name);
    if (!deployment) throw notFound(`Deployment '${name}' not found`);
    return deployment;
  }

  private async readable(name: string): Promise<StoredDeployment> {
    const deployment = await this.found(name);
    await this.options.authorizer.requireProject(deployment.projectId, 'read');
    return deployment;
  }

  private async changeable(name: string): Promise<StoredDeployment> {
    const deployment = await this.found(name);
    await this.options.authorizer.requireProject(deployment.projectId, 'deploy', deployAction);
    return deployment;
  }

  /**
   * Every model a spec names must belong to the deployment's project (so reading the project is
   * enough to call the deployment), and every version must exist and be READY. A followed alias
   * must exist now: a typo fails here rather than at the first request.
   */
  private async checkTargets(spec: DeploymentSpec, projectId: number): Promise<void> {
    const registry = this.options.registry;
    const checkModel = async (model: string, field: string) => {
      const found = await lookup(() => registry.getRegisteredModel(model), `${field}.model: model '${model}' not found`);
      if (found.projectId !== projectId) throw invalidArgument(`${field}.model: model '${model}' belongs to project '${found.project}'; a deployment serves models of its own project`);
    };
    const checkVersion = async (model: string, version: number, field: string) => {
      await checkModel(model, field);
      requireReady(await lookup(() => registry.getModelVersion(model, version), `${field}: version ${version} of model '${model}' not found`), field);
    };
    if ('alias' in spec) {
      await checkModel(spec.alias.model, 'spec.alias');
      const target = await lookup(() => registry.getModelVersionByAlias(spec.alias.model, spec.alias.alias), `spec.alias.alias: model '${spec.alias.model}' has no alias '${spec.alias.alias}'`);
      requireReady(target, 'spec.alias');
    } else {
      for (const [i, v] of spec.versions.entries()) await checkVersion(v.model, v.version, `spec.versions[${i}]`);
    }
    for (const [i, s] of spec.shadows.entries()) await checkVersion(s.model, s.version, `spec.shadows[${i}]`);
  }
}

/** A missing model or version is a mistake in the spec, so it is reported as INVALID_ARGUMENT naming the field. */
async function lookup<T>(find: () => Promise<T>, message: string): Promise<T> {
  try {
    return await find();
  } catch (error) {
    if (error instanceof CairnError && error.code === 'NOT_FOUND') throw invalidArgument(message);
    throw error;
  }
}

function requireReady(version: ModelVersion, field: string): void {
  if (version.status !== 'READY') throw invalidArgument(`${field}: version ${version.version} of model '${version.name}' is ${version.status}, not READY`);
}

function strip(deployment: StoredDeployment): Deployment {
  const { id: _id, projectId: _projectId, ...rest } = deployment;
  return rest;
}
