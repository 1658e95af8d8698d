import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { CairnError } from '../errors.js';
import type { AccessStore, User } from './access-store.js';
import { generateToken, hashToken, looksLikeToken } from './api-token.js';
import type { Caller } from './caller.js';
import { hashPassword, spendPasswordCheck, verifyPassword, VerifiedPasswords } from './password-hash.js';

/** How long a session token made by `login` lasts. */
export const sessionTtlMs = 12 * 60 * 60 * 1000;
/** `last_used_time` is written at most this often per token, not on every request. */
export const tokenTouchIntervalMs = 60_000;
/** Name of the tokens `login` makes; listed (and revocable) with the user's other tokens. */
export const sessionTokenName = 'login session';
export const bootstrapAdminName = 'admin';
export const defaultProjectName = 'default';

/** A request without credentials to one of the few public routes (health, sign-in, the UI's files). It may do nothing else. */
export const anonymousCaller: Caller = { userId: null, name: 'anonymous', isAdmin: false };

export const unauthenticated = (message: string): CairnError => new CairnError('UNAUTHENTICATED', message);

const badPassword = 'invalid user name or password';

export interface BootstrapResult {
  created: boolean;
  /** Set when Cairn made the password up; the caller shows it once. */
  generatedPassword?: string;
}

/**
 * Turns credentials into a Caller. Messages say why a credential was refused (unknown, revoked,
 * expired, disabled user) but never echo the secret, and never tell an unknown user name from a
 * wrong password.
 */
export class SignIn {
  private readonly verified = new VerifiedPasswords();

  constructor(
    private readonly store: AccessStore,
    private readonly clock: Clock,
  ) {}

  async authenticateToken(secret: string): Promise<Caller> {
    const found = looksLikeToken(secret) ? await this.store.findToken(hashToken(secret)) : undefined;
    if (!found) throw unauthenticated('unknown API token');
    if (found.revokedTime !== null) throw unauthenticated('API token has been revoked');
    const now = this.clock.now();
    if (found.expiresTime !== null && found.expiresTime <= now) throw unauthenticated('API token has expired');
    if (found.disabled) throw unauthenticated(`user ${found.userName} is disabled`);
    // Checked at use rather than by a foreign key (see migration 0012): the deployment may be gone.
    if (found.deployment?.exists === false) throw unauthenticated(`API token is scoped to deployment '${found.deployment.name}', which has been deleted`);
    if (found.lastUsedTime === null || now - found.lastUsedTime >= tokenTouchIntervalMs) {
      // Bookkeeping only: a failed write must not refuse an otherwise valid request.
      await this.store.touchToken(found.tokenId, now, now - tokenTouchIntervalMs).catch(() => undefined);
    }
    if (found.deployment !== null) {
      // Never an admin, whatever its owner is: the scope is all it may use (access-control.ts).
      const scope = { deploymentId: found.deployment.id, deployment: found.deployment.name, ownerIsAdmin: found.isAdmin };
      return { userId: found.userId, name: found.userName, isAdmin: false, scope };
    }
    return { userId: found.userId, name: found.userName, isAdmin: found.isAdmin };
  }

  async authenticatePassword(name: string, password: string): Promise<Caller> {
    const user = await this.checkPassword(name, password);
    return { userId: user.id, name: user.name, isAdmin: user.isAdmin };
  }

  /** Checks the password and makes a session token that lasts 12 hours. */
  async login(name: string, password: string): Promise<{ token: string; user: User }> {
    const user = await this.checkPassword(name, password);
    const { secret, tokenHash, prefix } = generateToken();
    const now = this.clock.now();
    // Nobody is signed in yet when this runs: the user themself is the actor of the audit event.
    await this.store.createToken({ userId: user.id, name: sessionTokenName, tokenHash, prefix, expiresTime: now + sessionTtlMs }, now, user.name);
    return { token: secret, user };
  }

  /**
   * On first start with authentication on: creates the global admin `admin`, admin of the default
   * project, with `password` or a generated one. Does nothing once any user exists (and when
   * another replica wins the race).
   */
  async bootstrap(password?: string): Promise<BootstrapResult> {
    if ((await this.store.countUsers()) > 0) return { created: false };
    const chosen = password ?? randomBytes(18).toString('base64url');
    const project = await this.store.getProject(defaultProjectName).catch(() => undefined);
    const memberships = project ? [{ projectId: project.id, role: 'admin' as const }] : [];
    try {
      const user = { name: bootstrapAdminName, displayName: 'Administrator', passwordHash: await hashPassword(chosen), isAdmin: true };
      await this.store.createUser(user, this.clock.now(), memberships);
    } catch (error) {
      if (error instanceof CairnError && error.code === 'ALREADY_EXISTS') return { created: false };
      throw error;
    }
    return password === undefined ? { created: true, generatedPassword: chosen } : { created: true };
  }

  private async checkPassword(name: string, password: string): Promise<User> {
    const user = await this.store.userCredentials(name);
    if (!user || user.passwordHash === null) {
      await spendPasswordCheck(password);
      throw unauthenticated(badPassword);
    }
    const now = this.clock.now();
    const known = this.verified.has(user.id, user.passwordHash, password, now);
    if (!known) {
      if (!(await verifyPassword(password, user.passwordHash))) throw unauthenticated(badPassword);
      this.verified.add(user.id, user.passwordHash, password, now);
    }
    // Only after the password matched, so the message tells nothing to someone guessing.
    if (user.disabled) throw unauthenticated(`user ${user.name} is disabled`);
    const { passwordHash: _hash, ...plain } = user;
    return plain;
  }
}
