import type { Deployment, DeploymentRevision, DeploymentSpec, StoredDeployment } from './deployment.js';

export interface NewRevision {
  time: number;
  actor: string;
  comment: string;
  spec: DeploymentSpec;
}

/** The audit action a new revision records. */
export type RevisionAction = 'update' | 'rollback';

/**
 * Persistence of deployments and their revisions. Every write runs in one transaction that ends
 * with its audit event (`deployment.create|update|rollback|delete`).
 */
export interface DeploymentStore {
  /** The id of the project named `name`; NOT_FOUND when there is none. */
  projectId(name: string): Promise<number>;
  /** Revision 1; ALREADY_EXISTS when the name is taken. */
  create(projectId: number, name: string, revision: NewRevision): Promise<Deployment>;
  get(name: string): Promise<StoredDeployment | null>;
  /** Ordered by name; only the given projects unless `projectIds` is undefined. */
  list(projectIds: readonly number[] | undefined): Promise<Deployment[]>;
  /**
   * Adds the next revision and makes it current, unless another change made a revision after
   * `expected` (then INVALID_STATE: the caller read a stale deployment).
   */
  addRevision(deployment: StoredDeployment, expected: number, revision: NewRevision, action: RevisionAction, details?: Record<string, unknown>): Promise<Deployment>;
  /** Oldest first. */
  revisions(deploymentId: number): Promise<DeploymentRevision[]>;
  /** Removes the deployment with its revisions; the audit trail keeps their history. */
  delete(deployment: StoredDeployment): Promise<void>;
}
