import { invalidArgument } from '../errors.js';
import type { KeyValue } from '../tracking/types.js';
import type { Authorizer } from './authorizer.js';
import type { Permission } from './roles.js';
import type { ProjectRef } from './project-lookup.js';

/** The project every installation starts with (migration 0005); creations without a project land here. */
export const defaultProjectId = 1;
export const defaultProjectName = 'default';

/** On the MLflow API, which has no project field, a create names its project with this tag. */
export const projectTag = 'cairn.project';

/**
 * What the services need beyond the Authorizer: the project a new experiment or model goes to,
 * and access to the proxied artifact store, whose paths name no run.
 */
export interface ProjectAccess extends Authorizer {
  /**
   * The project named `name` (the default project when absent), once the caller may `permission`
   * in it. NOT_FOUND for an unknown project name.
   */
  requireProjectNamed(name: string | undefined, permission: Permission, action?: string): Promise<ProjectRef>;
  /** Access to an artifact path by the experiment that owns it; paths no experiment owns are for admins only. */
  requireArtifactPath(path: string, permission: Permission): Promise<void>;
}

/** The project a create names: the native `project` field, else the `cairn.project` tag; both given must agree. */
export function chosenProject(project: string | undefined, tags: readonly KeyValue[]): string | undefined {
  const tagged = tags.findLast((tag) => tag.key === projectTag)?.value;
  if (project !== undefined && tagged !== undefined && project !== tagged) {
    throw invalidArgument(`project: '${project}' differs from the '${projectTag}' tag '${tagged}'; give one or make them equal`);
  }
  return project ?? tagged;
}
