import type { ProjectRole } from './roles.js';

/** A namespace for experiments, models and, later, deployments and monitors. */
export interface Project {
  id: number;
  name: string;
  description: string;
  /** Aliases that only an approved promotion request may move. */
  protectedAliases: string[];
  createdTime: number;
}

export interface User {
  id: number;
  name: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
  /** False for users who sign in with API tokens only. */
  hasPassword: boolean;
  createdTime: number;
}

/** A user with the scrypt hash of their password, for signing in; never leaves the domain. */
export interface UserCredentials extends User {
  passwordHash: string | null;
}

/** An API token as listed: never its secret, which is shown once when the token is made. */
export interface TokenInfo {
  id: number;
  name: string;
  /** The first characters of the secret, so people can tell their tokens apart. */
  prefix: string;
  userId: number;
  user: string;
  createdTime: number;
  expiresTime: number | null;
  revokedTime: number | null;
  lastUsedTime: number | null;
  /** The deployment a scoped token may call (its name when the token was made); null for a token with its user's rights. */
  deployment: string | null;
  /** A scoped token whose deployment was deleted: it no longer works. */
  deploymentDeleted: boolean;
}

/** A scoped token's deployment as the token lookup sees it. */
export interface TokenDeployment {
  id: number;
  name: string;
  /** False once the deployment is deleted: the token is then refused. */
  exists: boolean;
}

/** What one lookup by token hash answers on every authenticated request. */
export interface TokenIdentity {
  tokenId: number;
  userId: number;
  userName: string;
  isAdmin: boolean;
  disabled: boolean;
  expiresTime: number | null;
  revokedTime: number | null;
  lastUsedTime: number | null;
  /** Set for a token scoped to one deployment. */
  deployment: TokenDeployment | null;
}

/** A deployment, as token creation needs it: which project decides who may scope a token to it. */
export interface ScopableDeployment {
  id: number;
  name: string;
  projectId: number;
}

export interface Membership {
  projectId: number;
  project: string;
  role: ProjectRole;
}

export interface Member {
  userId: number;
  user: string;
  displayName: string;
  role: ProjectRole;
}

export interface NewProject {
  name: string;
  description: string;
  protectedAliases: string[];
}

export interface ProjectChanges {
  description?: string;
  protectedAliases?: string[];
}

export interface NewUser {
  name: string;
  displayName: string;
  passwordHash: string | null;
  isAdmin: boolean;
}

export interface UserChanges {
  displayName?: string;
  /** A new scrypt hash; the audit event only says the password changed. */
  passwordHash?: string;
  isAdmin?: boolean;
  disabled?: boolean;
}

export interface NewToken {
  userId: number;
  name: string;
  /** sha256 (hex) of the secret. */
  tokenHash: string;
  prefix: string;
  expiresTime: number | null;
  /** Scopes the token to this deployment. */
  deployment?: ScopableDeployment;
}

/**
 * Persistence of projects, users, API tokens and memberships. Inputs are validated by
 * AccessService. Every write appends its audit event in the same transaction; `actor` overrides
 * the current caller as the event's actor (a login, made before anyone is signed in).
 * Unknown names or ids throw NOT_FOUND; duplicate names ALREADY_EXISTS.
 */
export interface AccessStore {
  createProject(project: NewProject, now: number): Promise<Project>;
  getProject(name: string): Promise<Project>;
  getProjectById(id: number): Promise<Project>;
  /** All projects, or those with the given ids, by name. */
  listProjects(ids?: readonly number[]): Promise<Project[]>;
  updateProject(id: number, changes: ProjectChanges): Promise<Project>;

  /** Creates the user and, in the same transaction, the given memberships. */
  createUser(user: NewUser, now: number, memberships?: readonly { projectId: number; role: ProjectRole }[]): Promise<User>;
  getUser(name: string): Promise<User>;
  /** `undefined` for an unknown name: signing in must not tell unknown users from bad passwords. */
  userCredentials(name: string): Promise<UserCredentials | undefined>;
  listUsers(): Promise<User[]>;
  updateUser(id: number, changes: UserChanges): Promise<User>;
  countUsers(): Promise<number>;
  /** Global admins who are not disabled. */
  countActiveAdmins(): Promise<number>;

  createToken(token: NewToken, now: number, actor?: string): Promise<TokenInfo>;
  /** One indexed query, joined to the user: runs on every request that presents a token. */
  findToken(tokenHash: string): Promise<TokenIdentity | undefined>;
  /** Records use, unless it was recorded after `notBefore` already (bookkeeping, not audited). */
  touchToken(id: number, now: number, notBefore: number): Promise<void>;
  getToken(id: number): Promise<TokenInfo>;
  /** Newest first; every user's when `userId` is absent. */
  listTokens(userId?: number): Promise<TokenInfo[]>;
  revokeToken(id: number, now: number): Promise<TokenInfo>;
  /** NOT_FOUND for an unknown deployment. */
  deploymentForToken(name: string): Promise<ScopableDeployment>;

  setMember(projectId: number, userId: number, role: ProjectRole): Promise<Member>;
  /** NOT_FOUND when the user is not a member. */
  removeMember(projectId: number, userId: number): Promise<void>;
  listMembers(projectId: number): Promise<Member[]>;
  memberRole(userId: number, projectId: number): Promise<ProjectRole | undefined>;
  memberships(userId: number): Promise<Membership[]>;
}
