import { listModels } from '../../api/registry-native-client.js';
import type { useMe } from '../admin/session.js';

type MeFacts = ReturnType<typeof useMe>;

/**
 * Whether to offer deployment changes in `project`: the `deploy` permission belongs to deployers and
 * project admins (and installation admins). The server has the last word either way.
 */
export function canDeployIn(me: MeFacts, project: string): boolean {
  if (me.isAdmin) return true;
  const role = me.roleIn(project);
  return role === 'deployer' || role === 'admin';
}

export function deployableProjects(me: MeFacts, projects: string[]): string[] {
  return projects.filter((p) => canDeployIn(me, p));
}

/** Model names of a project, for the editors' suggestions (a deployment may only name its project's models). */
export async function modelNamesIn(project: string, signal?: AbortSignal): Promise<string[]> {
  const page = await listModels({ project }, signal);
  return page.items.map((m) => m.name);
}
