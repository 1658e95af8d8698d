/**
 * Roles per project. viewer < contributor < deployer | approver < admin: deployer and approver
 * both include contributor but not each other, so the person who ships a model need not be the
 * one who may approve it.
 */
export const projectRoles = ['viewer', 'contributor', 'deployer', 'approver', 'admin'] as const;
export type ProjectRole = (typeof projectRoles)[number];

/**
 * What a route or service call needs: read; write (log runs, create experiments, register versions,
 * edit cards, open promotion requests); deploy (change deployments); approve (decide promotion
 * requests); manage (members, policies, protected aliases, webhooks).
 */
export const permissions = ['read', 'write', 'deploy', 'approve', 'manage'] as const;
export type Permission = (typeof permissions)[number];

const granted: Record<ProjectRole, ReadonlySet<Permission>> = {
  viewer: new Set(['read']),
  contributor: new Set(['read', 'write']),
  deployer: new Set(['read', 'write', 'deploy']),
  approver: new Set(['read', 'write', 'approve']),
  admin: new Set(permissions),
};

export function roleAllows(role: ProjectRole, permission: Permission): boolean {
  return granted[role].has(permission);
}

export function isProjectRole(value: string): value is ProjectRole {
  return (projectRoles as readonly string[]).includes(value);
}
