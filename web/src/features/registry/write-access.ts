import type { useMe } from '../admin/session.js';

type MeFacts = ReturnType<typeof useMe>;

/**
 * Whether to offer writes (registry edits, registering versions, promotion requests) in `project`:
 * contributor or higher, or an installation admin. A null project (an older server that does not
 * say) lets the server decide and show its answer. The server has the last word either way.
 */
export function canWriteIn(me: MeFacts, project: string | null): boolean {
  if (me.isAdmin || project === null) return true;
  const role = me.roleIn(project);
  return role !== null && role !== 'viewer';
}

/** The projects among `projects` where writes are offered. */
export function writableProjects(me: MeFacts, projects: string[]): string[] {
  return projects.filter((p) => canWriteIn(me, p));
}

/** Whether the caller may write anywhere at all (auth off counts as the local admin). */
export function canWriteSomewhere(me: MeFacts): boolean {
  return me.isAdmin || writableProjects(me, me.projects).length > 0;
}
