import type { Transport } from './transport.js';

/** Roles per project, weakest first (deployer and approver each include contributor, not each other). */
export type ProjectRole = 'viewer' | 'contributor' | 'deployer' | 'approver' | 'admin';

export interface Project {
  name: string;
  description: string;
  protectedAliases: string[];
  createdTime: number;
}

export interface User {
  name: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
  hasPassword: boolean;
  createdTime: number;
}

export interface ApiTokenInfo {
  id: number;
  name: string;
  prefix: string;
  user: string;
  createdTime: number;
  expiresTime: number | null;
  revokedTime: number | null;
  lastUsedTime: number | null;
  /** The one deployment a scoped token may call; null for a token with its user's rights. */
  deployment: string | null;
  /** A scoped token whose deployment was deleted: it no longer works. */
  deploymentDeleted: boolean;
}

export interface ProjectMember {
  user: string;
  displayName: string;
  role: ProjectRole;
}

export interface Me {
  user: { name: string; displayName: string; isAdmin: boolean };
  authEnabled: boolean;
  memberships: { project: string; role: ProjectRole }[];
}

const seg = (value: string | number): string => encodeURIComponent(String(value));

/** Signing in: `client.auth`. */
export class AuthApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Exchanges a user name and password for a session token (12 hours).
   * @example
   * const { token } = await client.auth.login('alice', process.env.PASSWORD!);
   * const signedIn = new CairnClient({ url, token });
   */
  login(username: string, password: string): Promise<{ token: string; user: Me['user'] }> {
    return this.transport.json('POST', '/auth/login', { body: { username, password } });
  }

  /**
   * Who the client is signed in as, and their project roles.
   * @example
   * const { user, memberships } = await client.auth.me();
   */
  me(): Promise<Me> {
    return this.transport.json('GET', '/auth/me');
  }
}

/** Projects: `client.projects`. */
export class ProjectsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * The projects the caller may read.
   * @example
   * for (const p of await client.projects.list()) console.log(p.name);
   */
  async list(): Promise<Project[]> {
    return (await this.transport.json<{ projects: Project[] }>('GET', '/projects')).projects;
  }

  /**
   * @example
   * const project = await client.projects.get('fraud');
   */
  async get(name: string): Promise<Project> {
    return (await this.transport.json<{ project: Project }>('GET', `/projects/${seg(name)}`)).project;
  }

  /**
   * Creates a project (installation admins). Protected aliases default to `['production']`.
   * @example
   * await client.projects.create('fraud', { description: 'Card fraud models' });
   */
  async create(name: string, options: { description?: string; protectedAliases?: string[] } = {}): Promise<Project> {
    return (await this.transport.json<{ project: Project }>('POST', '/projects', { body: { name, ...options } })).project;
  }

  /**
   * @example
   * await client.projects.update('fraud', { protectedAliases: ['production', 'champion'] });
   */
  async update(name: string, changes: { description?: string; protectedAliases?: string[] }): Promise<Project> {
    return (await this.transport.json<{ project: Project }>('PATCH', `/projects/${seg(name)}`, { body: changes })).project;
  }
}

/** Project members: `client.members`. */
export class MembersApi {
  constructor(private readonly transport: Transport) {}

  /**
   * @example
   * const members = await client.members.list('fraud');
   */
  async list(project: string): Promise<ProjectMember[]> {
    return (await this.transport.json<{ members: ProjectMember[] }>('GET', `/projects/${seg(project)}/members`)).members;
  }

  /**
   * Gives a user a role in a project, or changes it.
   * @example
   * await client.members.set('fraud', 'bob', 'approver');
   */
  async set(project: string, user: string, role: ProjectRole): Promise<ProjectMember> {
    return (await this.transport.json<{ member: ProjectMember }>('PUT', `/projects/${seg(project)}/members/${seg(user)}`, { body: { role } })).member;
  }

  /**
   * @example
   * await client.members.remove('fraud', 'bob');
   */
  async remove(project: string, user: string): Promise<void> {
    await this.transport.json('DELETE', `/projects/${seg(project)}/members/${seg(user)}`);
  }
}

/** Users (installation admins; anyone may change their own password): `client.users`. */
export class UsersApi {
  constructor(private readonly transport: Transport) {}

  /**
   * @example
   * const users = await client.users.list();
   */
  async list(): Promise<User[]> {
    return (await this.transport.json<{ users: User[] }>('GET', '/users')).users;
  }

  /**
   * Creates a user; without a password they sign in with API tokens only.
   * @example
   * await client.users.create('bob', { password: 'correct horse battery', displayName: 'Bob' });
   */
  async create(name: string, options: { displayName?: string; password?: string; isAdmin?: boolean } = {}): Promise<User> {
    return (await this.transport.json<{ user: User }>('POST', '/users', { body: { name, ...options } })).user;
  }

  /**
   * @example
   * await client.users.update('bob', { disabled: true });
   */
  async update(name: string, changes: { displayName?: string; password?: string; currentPassword?: string; disabled?: boolean; isAdmin?: boolean }): Promise<User> {
    return (await this.transport.json<{ user: User }>('PATCH', `/users/${seg(name)}`, { body: changes })).user;
  }
}

/** API tokens: `client.tokens`. */
export class TokensApi {
  constructor(private readonly transport: Transport) {}

  /**
   * The caller's tokens; admins may name a user or ask for everyone's.
   * @example
   * const tokens = await client.tokens.list();
   */
  async list(options: { user?: string; all?: boolean } = {}): Promise<ApiTokenInfo[]> {
    const query = { ...(options.user !== undefined ? { user: options.user } : {}), ...(options.all ? { all: 'true' } : {}) };
    return (await this.transport.json<{ tokens: ApiTokenInfo[] }>('GET', '/tokens', { query })).tokens;
  }

  /**
   * Makes a token; `token` is the secret, returned this once only. With `deployment` the token may
   * only call that deployment's inference routes (needs deploy in its project).
   * @example
   * const { token } = await client.tokens.create('ci', { expiresInDays: 90 });
   * const { token: scoped } = await client.tokens.create('fraud-app', { deployment: 'fraud' });
   */
  create(name: string, options: { expiresInDays?: number; user?: string; deployment?: string } = {}): Promise<{ token: string; info: ApiTokenInfo }> {
    return this.transport.json('POST', '/tokens', { body: { name, ...options } });
  }

  /**
   * @example
   * await client.tokens.revoke(12);
   */
  async revoke(id: number | string): Promise<ApiTokenInfo> {
    return (await this.transport.json<{ info: ApiTokenInfo }>('DELETE', `/tokens/${seg(id)}`)).info;
  }
}
