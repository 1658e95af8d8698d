import type { Kysely } from 'kysely';
import type {
  AccessStore,
  Member,
  Membership,
  NewProject,
  NewToken,
  ScopableDeployment,
  NewUser,
  Project,
  ProjectChanges,
  TokenIdentity,
  TokenInfo,
  User,
  UserChanges,
  UserCredentials,
} from '../../domain/access/access-store.js';
import type { ProjectRole } from '../../domain/access/roles.js';
import type { AuditTrail } from './audit-trail.js';
import type { SqlDialectName } from './dialect.js';
import { MemberSqlStore } from './member-sql-store.js';
import { ProjectSqlStore } from './project-sql-store.js';
import type { Schema } from './schema.js';
import { TokenSqlStore } from './token-sql-store.js';
import { UserSqlStore } from './user-sql-store.js';

/** AccessStore on SQLite and Postgres: one facade over a store per aggregate. */
export class AccessSqlStore implements AccessStore {
  private readonly projects: ProjectSqlStore;
  private readonly users: UserSqlStore;
  private readonly tokens: TokenSqlStore;
  private readonly members: MemberSqlStore;

  constructor(db: Kysely<Schema>, dialect: SqlDialectName, audit: AuditTrail) {
    this.projects = new ProjectSqlStore(db, audit);
    this.users = new UserSqlStore(db, audit);
    this.tokens = new TokenSqlStore(db, dialect, audit);
    this.members = new MemberSqlStore(db, dialect, audit);
  }

  createProject(project: NewProject, now: number): Promise<Project> {
    return this.projects.createProject(project, now);
  }
  getProject(name: string): Promise<Project> {
    return this.projects.getProject(name);
  }
  getProjectById(id: number): Promise<Project> {
    return this.projects.getProjectById(id);
  }
  listProjects(ids?: readonly number[]): Promise<Project[]> {
    return this.projects.listProjects(ids);
  }
  updateProject(id: number, changes: ProjectChanges): Promise<Project> {
    return this.projects.updateProject(id, changes);
  }

  createUser(user: NewUser, now: number, memberships?: readonly { projectId: number; role: ProjectRole }[]): Promise<User> {
    return this.users.createUser(user, now, memberships);
  }
  getUser(name: string): Promise<User> {
    return this.users.getUser(name);
  }
  userCredentials(name: string): Promise<UserCredentials | undefined> {
    return this.users.userCredentials(name);
  }
  listUsers(): Promise<User[]> {
    return this.users.listUsers();
  }
  updateUser(id: number, changes: UserChanges): Promise<User> {
    return this.users.updateUser(id, changes);
  }
  countUsers(): Promise<number> {
    return this.users.countUsers();
  }
  countActiveAdmins(): Promise<number> {
    return this.users.countActiveAdmins();
  }

  createToken(token: NewToken, now: number, actor?: string): Promise<TokenInfo> {
    return this.tokens.createToken(token, now, actor);
  }
  findToken(tokenHash: string): Promise<TokenIdentity | undefined> {
    return this.tokens.findToken(tokenHash);
  }
  touchToken(id: number, now: number, notBefore: number): Promise<void> {
    return this.tokens.touchToken(id, now, notBefore);
  }
  getToken(id: number): Promise<TokenInfo> {
    return this.tokens.getToken(id);
  }
  listTokens(userId?: number): Promise<TokenInfo[]> {
    return this.tokens.listTokens(userId);
  }
  revokeToken(id: number, now: number): Promise<TokenInfo> {
    return this.tokens.revokeToken(id, now);
  }
  deploymentForToken(name: string): Promise<ScopableDeployment> {
    return this.tokens.deploymentForToken(name);
  }

  setMember(projectId: number, userId: number, role: ProjectRole): Promise<Member> {
    return this.members.setMember(projectId, userId, role);
  }
  removeMember(projectId: number, userId: number): Promise<void> {
    return this.members.removeMember(projectId, userId);
  }
  listMembers(projectId: number): Promise<Member[]> {
    return this.members.listMembers(projectId);
  }
  memberRole(userId: number, projectId: number): Promise<ProjectRole | undefined> {
    return this.members.memberRole(userId, projectId);
  }
  memberships(userId: number): Promise<Membership[]> {
    return this.members.memberships(userId);
  }
}
