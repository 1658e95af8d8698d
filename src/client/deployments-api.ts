import type { Transport } from './transport.js';
import type { Deployment, DeploymentRevision, DeploymentSpecInput } from '../domain/deployments/deployment.js';

export type {
  BatchingSettings,
  Deployment,
  DeploymentRevision,
  DeploymentSpec,
  DeploymentSpecInput,
  LoggingSettings,
  ShadowVersion,
  StickyRouting,
  TrafficVersion,
} from '../domain/deployments/deployment.js';

export interface CreateDeploymentOptions {
  /** The project's name; `default` when absent. Needs role deployer or admin there. */
  project?: string;
  /** Why: kept with the revision and in the audit trail. */
  comment?: string;
}

export interface RollbackOptions {
  /** The revision to serve again; the one before the current when absent. */
  revision?: number;
  comment?: string;
}

const path = (name: string): string => `/deployments/${encodeURIComponent(name)}`;

/** Deployments and their revisions: `client.deployments`. Changes need the deploy permission in the project. */
export class DeploymentsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Deployments of the projects the caller may read, or of one project.
   * @example
   * for (const d of await client.deployments.list('default')) console.log(d.name, d.current.revision);
   */
  async list(project?: string): Promise<Deployment[]> {
    return (await this.transport.json<{ deployments: Deployment[] }>('GET', '/deployments', { query: project !== undefined ? { project } : {} })).deployments;
  }

  /**
   * A deployment with its current revision.
   * @example
   * const { current } = await client.deployments.get('churn');
   */
  async get(name: string): Promise<Deployment> {
    return (await this.transport.json<{ deployment: Deployment }>('GET', path(name))).deployment;
  }

  /**
   * Creates a deployment (revision 1).
   * @example
   * await client.deployments.create('churn', { versions: [{ model: 'scorer', version: 3 }] }, { comment: 'first release' });
   */
  async create(name: string, spec: DeploymentSpecInput, options: CreateDeploymentOptions = {}): Promise<Deployment> {
    return (await this.transport.json<{ deployment: Deployment }>('POST', '/deployments', { body: { name, spec, ...options } })).deployment;
  }

  /**
   * Replaces the spec, making a new revision.
   * @example
   * await client.deployments.update('churn', { versions: [{ model: 'scorer', version: 3, weight: 90 }, { model: 'scorer', version: 4, weight: 10 }] }, 'canary v4');
   */
  async update(name: string, spec: DeploymentSpecInput, comment?: string): Promise<Deployment> {
    return (await this.transport.json<{ deployment: Deployment }>('PUT', path(name), { body: { spec, ...(comment !== undefined ? { comment } : {}) } })).deployment;
  }

  /**
   * Every revision, oldest first.
   * @example
   * const revisions = await client.deployments.revisions('churn');
   */
  async revisions(name: string): Promise<DeploymentRevision[]> {
    return (await this.transport.json<{ revisions: DeploymentRevision[] }>('GET', `${path(name)}/revisions`)).revisions;
  }

  /**
   * Serves an earlier revision's spec again, as a new revision.
   * @example
   * await client.deployments.rollback('churn', { comment: 'v4 misbehaves' });
   */
  async rollback(name: string, options: RollbackOptions = {}): Promise<Deployment> {
    return (await this.transport.json<{ deployment: Deployment }>('POST', `${path(name)}/rollback`, { body: options })).deployment;
  }

  /**
   * Deletes a deployment; the audit trail keeps its history.
   * @example
   * await client.deployments.delete('churn');
   */
  async delete(name: string): Promise<void> {
    await this.transport.json('DELETE', path(name));
  }
}
