import type { Clock } from '../clock.js';
import { CairnError, invalidArgument, invalidState, notFound } from '../errors.js';
import type { AccessStore, Member, Project, ScopableDeployment, TokenInfo, User } from './access-store.js';
import { accessLimits, parseRole, validateExpiryDays, validateName, validatePassword, validateProtectedAliases, validateText } from './access-validation.js';
import { generateToken } from './api-token.js';
import type { Authorizer } from './authorizer.js';
import { scopedTokenDenial, type Caller } from './caller.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import type { ProjectRole } from './roles.js';
import { SignIn, type BootstrapResult } from './sign-in.js';

export interface AccessServiceOptions {
  store: AccessStore;
  authorizer: Authorizer;
  clock: Clock;
  /** Whether requests must carry credentials (CAIRN_AUTH); reported by `me()`. */
  authEnabled: boolean;
}

export interface Me {
  user: { name: string; displayName: string; isAdmin: boolean };
  authEnabled: boolean;
  memberships: { project: string; role: ProjectRole }[];
}

export interface UserUpdate {
  displayName?: string | undefined;
  password?: string | undefined;
  /** Required when users change their own password and they have one (admins changing others' need not). */
  currentPassword?: string | undefined;
  disabled?: boolean | undefined;
  isAdmin?: boolean | undefined;
}

export interface NewTokenInput {
  name: string;
  expiresInDays?: number | undefined;
  /** Admins only: make the token for this user. */
  user?: string | undefined;
  /** Scope the token to this deployment: it may then only call it. */
  deployment?: string | undefined;
}

const dayMs = 24 * 60 * 60 * 1000;
const permissionDenied = (message: string): CairnError => new CairnError('PERMISSION_DENIED', message);

/**
 * Projects, users, API tokens and memberships, and signing in. Management checks go through the
 * Authorizer: installation-wide admins manage users and create projects; `manage` on a project
 * edits it and its members.
 */
export class AccessService {
  private readonly store: AccessStore;
  private readonly authorizer: Authorizer;
  private readonly clock: Clock;
  private readonly authEnabled: boolean;
  private readonly signIn: SignIn;

  constructor(options: AccessServiceOptions) {
    this.store = options.store;
    this.authorizer = options.authorizer;
    this.clock = options.clock;
    this.authEnabled = options.authEnabled;
    this.signIn = new SignIn(options.store, options.clock);
  }

  authenticateToken(secret: string): Promise<Caller> {
    return this.signIn.authenticateToken(secret);
  }

  authenticatePassword(name: string, password: string): Promise<Caller> {
    return this.signIn.authenticatePassword(name, password);
  }

  /** Checks the password and answers a session token (12 h) with the user. */
  login(name: string, password: string): Promise<{ token: string; user: User }> {
    return this.signIn.login(name, password);
  }

  /** Creates the first admin when there is no user yet (see SignIn.bootstrap). */
  bootstrap(password?: string): Promise<BootstrapResult> {
    return this.signIn.bootstrap(password);
  }

  async me(): Promise<Me> {
    const caller = this.authorizer.caller();
    if (caller.scope) throw scopedTokenDenial(caller.scope, "to read its user's details");
    if (caller.userId === null) {
      return { user: { name: caller.name, displayName: caller.name, isAdmin: caller.isAdmin }, authEnabled: this.authEnabled, memberships: [] };
    }
    const user = await this.store.getUser(caller.name).catch(() => undefined);
    const memberships = await this.store.memberships(caller.userId);
    return {
      user: { name: caller.name, displayName: user?.displayName ?? caller.name, isAdmin: caller.isAdmin },
      authEnabled: this.authEnabled,
      memberships: memberships.map((m) => ({ project: m.project, role: m.role })),
    };
  }

  // --- projects ---

  async createProject(input: { name: string; description?: string | undefined; protectedAliases?: string[] | undefined }): Promise<Project> {
    this.authorizer.requireAdmin();
    validateName('name', input.name);
    const description = input.description ?? '';
    validateText('description', description, accessLimits.descriptionLength);
    const protectedAliases = validateProtectedAliases(input.protectedAliases ?? ['production']);
    return this.store.createProject({ name: input.name, description, protectedAliases }, this.clock.now());
  }

  /** The projects the caller may read, by name. */
  async listProjects(): Promise<Project[]> {
    const readable = await this.authorizer.readableProjects();
    return this.store.listProjects(readable);
  }

  async getProject(name: string): Promise<Project> {
    const project = await this.store.getProject(name);
    await this.authorizer.requireProject(project.id, 'read');
    return project;
  }

  async updateProject(name: string, changes: { description?: string | undefined; protectedAliases?: string[] | undefined }): Promise<Project> {
    const project = await this.store.getProject(name);
    await this.authorizer.requireProject(project.id, 'manage');
    if (changes.description !== undefined) validateText('description', changes.description, accessLimits.descriptionLength);
    const update = {
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.protectedAliases !== undefined ? { protectedAliases: validateProtectedAliases(changes.protectedAliases) } : {}),
    };
    return this.store.updateProject(project.id, update);
  }

  // --- users ---

  async createUser(input: { name: string; displayName?: string | undefined; password?: string | undefined; isAdmin?: boolean | undefined }): Promise<User> {
    this.authorizer.requireAdmin();
    validateName('name', input.name);
    const displayName = input.displayName ?? input.name;
    validateText('displayName', displayName, accessLimits.displayNameLength);
    if (input.password !== undefined) validatePassword(input.password);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    return this.store.createUser({ name: input.name, displayName, passwordHash, isAdmin: input.isAdmin ?? false }, this.clock.now());
  }

  async listUsers(): Promise<User[]> {
    this.authorizer.requireAdmin();
    return this.store.listUsers();
  }

  /** Admins change anything; users may change their own display name and password. */
  async updateUser(name: string, update: UserUpdate): Promise<User> {
    const caller = this.authorizer.caller();
    if (caller.scope) throw scopedTokenDenial(caller.scope, `to change user ${name}`);
    const user = await this.store.getUser(name);
    const self = caller.userId === user.id;
    if (!caller.isAdmin) {
      if (!self) this.authorizer.requireAdmin();
      if (update.disabled !== undefined || update.isAdmin !== undefined) throw permissionDenied('only an admin may disable users or change who is an admin');
    }
    if (update.displayName !== undefined) validateText('displayName', update.displayName, accessLimits.displayNameLength);
    let passwordHash: string | undefined;
    if (update.password !== undefined) {
      validatePassword(update.password);
      if (self && !caller.isAdmin) await this.checkCurrentPassword(name, update.currentPassword);
      passwordHash = await hashPassword(update.password);
    }
    const losesAdmin = user.isAdmin && !user.disabled && (update.isAdmin === false || update.disabled === true);
    if (losesAdmin && (await this.store.countActiveAdmins()) <= 1) {
      throw invalidState(`user ${name} is the last active admin; make another user admin first`);
    }
    return this.store.updateUser(user.id, {
      ...(update.displayName !== undefined ? { displayName: update.displayName } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
      ...(update.isAdmin !== undefined ? { isAdmin: update.isAdmin } : {}),
      ...(update.disabled !== undefined ? { disabled: update.disabled } : {}),
    });
  }

  private async checkCurrentPassword(name: string, current: string | undefined): Promise<void> {
    const credentials = await this.store.userCredentials(name);
    if (!credentials?.passwordHash) return;
    if (current === undefined) throw invalidArgument('currentPassword: required to change your own password');
    if (!(await verifyPassword(current, credentials.passwordHash))) throw permissionDenied('currentPassword: does not match');
  }

  // --- API tokens ---

  /**
   * A token for the caller, or (admins) for `user`. The secret is in this answer only. With
   * `deployment`, the token may only call that deployment (docs/access.md): making one needs
   * `deploy` in the deployment's project, since it hands out the right to call it.
   */
  async createToken(input: NewTokenInput): Promise<{ secret: string; info: TokenInfo }> {
    const userId = await this.tokenOwner(input.user);
    validateText('name', input.name, accessLimits.tokenNameLength);
    if (input.name.trim() === '') throw invalidArgument('name: must not be empty');
    if (input.expiresInDays !== undefined) validateExpiryDays(input.expiresInDays);
    let deployment: ScopableDeployment | undefined;
    if (input.deployment !== undefined) {
      deployment = await this.store.deploymentForToken(input.deployment);
      await this.authorizer.requireProject(deployment.projectId, 'deploy', `to make an API token scoped to deployment '${deployment.name}'`);
    }
    const now = this.clock.now();
    const { secret, tokenHash, prefix } = generateToken();
    const expiresTime = input.expiresInDays === undefined ? null : now + input.expiresInDays * dayMs;
    const info = await this.store.createToken({ userId, name: input.name, tokenHash, prefix, expiresTime, ...(deployment ? { deployment } : {}) }, now);
    return { secret, info };
  }

  /** The caller's tokens; admins may name another user, or list everyone's with `all`. */
  async listTokens(options: { user?: string | undefined; all?: boolean | undefined } = {}): Promise<TokenInfo[]> {
    const caller = this.authorizer.caller();
    if (caller.scope) throw scopedTokenDenial(caller.scope, 'to list API tokens');
    if (options.all) {
      this.authorizer.requireAdmin();
      return this.store.listTokens();
    }
    return this.store.listTokens(await this.tokenOwner(options.user));
  }

  /** Revoking a revoked token changes nothing. Other users' tokens are NOT_FOUND to non-admins. */
  async revokeToken(id: number): Promise<TokenInfo> {
    const caller = this.authorizer.caller();
    if (caller.scope) throw scopedTokenDenial(caller.scope, `to revoke API token ${id}`);
    const token = await this.store.getToken(id);
    if (!caller.isAdmin && token.userId !== caller.userId) throw notFound(`API token ${id} not found`);
    if (token.revokedTime !== null) return token;
    return this.store.revokeToken(id, this.clock.now());
  }

  private async tokenOwner(userName: string | undefined): Promise<number> {
    const caller = this.authorizer.caller();
    // Otherwise a leaked scoped token could mint one with all its owner's rights.
    if (caller.scope) throw scopedTokenDenial(caller.scope, 'to make API tokens');
    if (userName !== undefined && userName !== caller.name) {
      this.authorizer.requireAdmin();
      return (await this.store.getUser(userName)).id;
    }
    if (caller.userId === null) throw invalidArgument(`user: ${caller.name} is not a stored user and has no tokens; name a user`);
    return caller.userId;
  }

  // --- members ---

  async listMembers(projectName: string): Promise<Member[]> {
    const project = await this.store.getProject(projectName);
    await this.authorizer.requireProject(project.id, 'read');
    return this.store.listMembers(project.id);
  }

  async setMember(projectName: string, userName: string, role: string): Promise<Member> {
    const project = await this.store.getProject(projectName);
    await this.authorizer.requireProject(project.id, 'manage');
    const parsed = parseRole(role);
    const user = await this.store.getUser(userName);
    return this.store.setMember(project.id, user.id, parsed);
  }

  /** Removing the last admin member is allowed: installation admins manage every project anyway. */
  async removeMember(projectName: string, userName: string): Promise<void> {
    const project = await this.store.getProject(projectName);
    await this.authorizer.requireProject(project.id, 'manage');
    const user = await this.store.getUser(userName);
    await this.store.removeMember(project.id, user.id);
  }
}
