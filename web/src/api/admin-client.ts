import { seg, v1Get, v1Send } from './http.js';

/** Projects, members, users and API tokens (native API). */

export interface Project {
  name: string;
  description: string;
  protectedAliases: string[];
  createdTime?: number;
}

export interface Member {
  user: string;
  role: string;
  displayName?: string;
}

export interface User {
  name: string;
  displayName: string;
  isAdmin: boolean;
  disabled?: boolean;
  createdTime?: number;
}

export interface TokenInfo {
  id: number | string;
  name: string;
  prefix: string;
  user: string;
  createdTime: number;
  expiresTime: number | null;
  revokedTime: number | null;
  lastUsedTime: number | null;
  /** The one deployment a scoped token may call; null for a token with its user's rights. */
  deployment?: string | null;
  /** A scoped token whose deployment was deleted: it no longer works. */
  deploymentDeleted?: boolean;
}

export const projectRoles = ['viewer', 'contributor', 'deployer', 'approver', 'admin'] as const;

export async function listProjects(signal?: AbortSignal): Promise<Project[]> {
  const body = await v1Get<{ projects?: Project[] }>('/projects', {}, signal);
  return body.projects ?? [];
}

export async function getProject(name: string, signal?: AbortSignal): Promise<Project> {
  const body = await v1Get<{ project: Project }>(`/projects/${seg(name)}`, {}, signal);
  return body.project;
}

export async function createProject(input: { name: string; description: string }): Promise<Project> {
  const body = await v1Send<{ project: Project }>('POST', '/projects', input);
  return body.project;
}

export async function updateProject(name: string, changes: { description?: string; protectedAliases?: string[] }): Promise<Project> {
  const body = await v1Send<{ project: Project }>('PATCH', `/projects/${seg(name)}`, changes);
  return body.project;
}

export async function listMembers(project: string, signal?: AbortSignal): Promise<Member[]> {
  const body = await v1Get<{ members?: Member[] }>(`/projects/${seg(project)}/members`, {}, signal);
  return body.members ?? [];
}

export async function setMember(project: string, user: string, role: string): Promise<void> {
  await v1Send('PUT', `/projects/${seg(project)}/members/${seg(user)}`, { role });
}

export async function removeMember(project: string, user: string): Promise<void> {
  await v1Send('DELETE', `/projects/${seg(project)}/members/${seg(user)}`);
}

export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  const body = await v1Get<{ users?: User[] }>('/users', {}, signal);
  return body.users ?? [];
}

export async function createUser(input: { name: string; displayName: string; password: string; isAdmin: boolean }): Promise<User> {
  const body = await v1Send<{ user: User }>('POST', '/users', input);
  return body.user;
}

export async function updateUser(name: string, changes: { displayName?: string; isAdmin?: boolean; disabled?: boolean; password?: string }): Promise<User> {
  const body = await v1Send<{ user: User }>('PATCH', `/users/${seg(name)}`, changes);
  return body.user;
}

export async function listTokens(signal?: AbortSignal): Promise<TokenInfo[]> {
  const body = await v1Get<{ tokens?: TokenInfo[] }>('/tokens', {}, signal);
  return body.tokens ?? [];
}

/** The secret is in this answer only; the server keeps a hash. */
export function createToken(input: { name: string; expiresInDays?: number; deployment?: string }): Promise<{ token: string; info: TokenInfo }> {
  return v1Send<{ token: string; info: TokenInfo }>('POST', '/tokens', input);
}

export async function revokeToken(id: number | string): Promise<void> {
  await v1Send('DELETE', `/tokens/${seg(id)}`);
}
