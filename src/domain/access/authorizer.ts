import type { Caller } from './caller.js';
import type { Permission } from './roles.js';

/** What the serving check needs of a deployment (StoredDeployment has it). */
export interface ServedDeployment {
  id: number;
  name: string;
  projectId: number;
}

/**
 * The one place that decides whether the current caller (runtime/call-context.ts) may do something.
 * Services call it before they read or change anything; every API surface goes through services,
 * so the MLflow routes are checked exactly like the native ones. Refusals throw CairnError
 * PERMISSION_DENIED (UNAUTHENTICATED when there is no signed-in caller); an unknown resource NOT_FOUND.
 */
export interface Authorizer {
  /** The current caller. */
  caller(): Caller;
  /** `action` completes the refusal message, e.g. "to log to run 'abc'". */
  requireProject(projectId: number, permission: Permission, action?: string): Promise<void>;
  requireExperiment(experimentId: string, permission: Permission, action?: string): Promise<void>;
  requireRun(runId: string, permission: Permission, action?: string): Promise<void>;
  requireModel(modelName: string, permission: Permission, action?: string): Promise<void>;
  /**
   * Calling a deployment's inference routes: read access to its project, or a token scoped to this
   * very deployment. For a scoped token it also lets the rest of the same call read that project's
   * models and their files, which serving needs to load them; nothing else (docs/access.md).
   */
  requireServing(deployment: ServedDeployment): Promise<void>;
  /** Installation-wide admin only (users, projects). */
  requireAdmin(): void;
  /** The projects the caller may read, for filtering searches; `undefined` means all of them. */
  readableProjects(): Promise<number[] | undefined>;
}
