import { z } from 'zod';
import type { Member, Project, TokenInfo, User } from '../../../domain/access/access-store.js';
import {
  createdTokenSchema,
  createProjectBodySchema,
  createTokenBodySchema,
  createUserBodySchema,
  listTokensQuerySchema,
  loginBodySchema,
  loginResponseSchema,
  memberParamsSchema,
  memberSchema,
  meSchema,
  projectParamsSchema,
  projectSchema,
  setMemberBodySchema,
  tokenInfoSchema,
  tokenParamsSchema,
  updateProjectBodySchema,
  updateUserBodySchema,
  userParamsSchema,
  userSchema,
} from './access-schemas.js';
import { jsonRoute, type AnyRoute } from './route.js';
import { emptySchema } from './schemas.js';

const wireProject = ({ id: _id, ...project }: Project) => project;
const wireUser = ({ id: _id, ...user }: User) => user;
const wireToken = ({ userId: _userId, ...token }: TokenInfo) => token;
const wireMember = ({ userId: _userId, ...member }: Member) => member;
const signedIn = (user: User) => ({ name: user.name, displayName: user.displayName, isAdmin: user.isAdmin });

const authRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'POST',
    path: '/auth/login',
    operationId: 'login',
    summary: 'Sign in with a user name and password; answers a session token valid for 12 hours',
    tag: 'access',
    body: loginBodySchema,
    response: loginResponseSchema,
    handler: async ({ body }, { access }) => {
      const { token, user } = await access.login(body.username, body.password);
      return { token, user: signedIn(user) };
    },
  }),
  jsonRoute({
    method: 'GET',
    path: '/auth/me',
    operationId: 'getMe',
    summary: 'Who is calling, whether authentication is on, and their project roles',
    tag: 'access',
    response: meSchema,
    handler: async (_input, { access }) => access.me(),
  }),
];

const projectRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'The projects the caller may read',
    tag: 'access',
    response: z.object({ projects: z.array(projectSchema) }),
    handler: async (_input, { access }) => ({ projects: (await access.listProjects()).map(wireProject) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/projects',
    operationId: 'createProject',
    summary: 'Create a project (installation admins)',
    tag: 'access',
    status: 201,
    body: createProjectBodySchema,
    response: z.object({ project: projectSchema }),
    handler: async ({ body }, { access }) => ({ project: wireProject(await access.createProject(body)) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/projects/{project}',
    operationId: 'getProject',
    summary: 'A project by name',
    tag: 'access',
    params: projectParamsSchema,
    response: z.object({ project: projectSchema }),
    handler: async ({ params }, { access }) => ({ project: wireProject(await access.getProject(params.project)) }),
  }),
  jsonRoute({
    method: 'PATCH',
    path: '/projects/{project}',
    operationId: 'updateProject',
    summary: "Change a project's description or protected aliases (manage)",
    tag: 'access',
    params: projectParamsSchema,
    body: updateProjectBodySchema,
    response: z.object({ project: projectSchema }),
    handler: async ({ params, body }, { access }) => ({ project: wireProject(await access.updateProject(params.project, body)) }),
  }),
  jsonRoute({
    method: 'GET',
    path: '/projects/{project}/members',
    operationId: 'listMembers',
    summary: "A project's members and their roles",
    tag: 'access',
    params: projectParamsSchema,
    response: z.object({ members: z.array(memberSchema) }),
    handler: async ({ params }, { access }) => ({ members: (await access.listMembers(params.project)).map(wireMember) }),
  }),
  jsonRoute({
    method: 'PUT',
    path: '/projects/{project}/members/{user}',
    operationId: 'setMember',
    summary: "Give a user a role in the project, or change it (manage)",
    tag: 'access',
    params: memberParamsSchema,
    body: setMemberBodySchema,
    response: z.object({ member: memberSchema }),
    handler: async ({ params, body }, { access }) => ({ member: wireMember(await access.setMember(params.project, params.user, body.role)) }),
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/projects/{project}/members/{user}',
    operationId: 'removeMember',
    summary: 'Take a user out of the project (manage)',
    tag: 'access',
    params: memberParamsSchema,
    response: emptySchema,
    handler: async ({ params }, { access }) => {
      await access.removeMember(params.project, params.user);
      return {};
    },
  }),
];

const userRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/users',
    operationId: 'listUsers',
    summary: 'Every user (installation admins)',
    tag: 'access',
    response: z.object({ users: z.array(userSchema) }),
    handler: async (_input, { access }) => ({ users: (await access.listUsers()).map(wireUser) }),
  }),
  jsonRoute({
    method: 'POST',
    path: '/users',
    operationId: 'createUser',
    summary: 'Create a user (installation admins)',
    tag: 'access',
    status: 201,
    body: createUserBodySchema,
    response: z.object({ user: userSchema }),
    handler: async ({ body }, { access }) => ({ user: wireUser(await access.createUser(body)) }),
  }),
  jsonRoute({
    method: 'PATCH',
    path: '/users/{user}',
    operationId: 'updateUser',
    summary: 'Change a user (admins); users may change their own display name and password',
    tag: 'access',
    params: userParamsSchema,
    body: updateUserBodySchema,
    response: z.object({ user: userSchema }),
    handler: async ({ params, body }, { access }) => ({ user: wireUser(await access.updateUser(params.user, body)) }),
  }),
];

const tokenRoutes: AnyRoute[] = [
  jsonRoute({
    method: 'GET',
    path: '/tokens',
    operationId: 'listTokens',
    summary: "The caller's API tokens (admins: another user's, or all)",
    tag: 'access',
    query: listTokensQuerySchema,
    response: z.object({ tokens: z.array(tokenInfoSchema) }),
    handler: async ({ query }, { access }) => {
      const tokens = await access.listTokens({ user: query.user, all: query.all === 'true' });
      return { tokens: tokens.map(wireToken) };
    },
  }),
  jsonRoute({
    method: 'POST',
    path: '/tokens',
    operationId: 'createToken',
    summary: 'Make an API token; its secret is in this answer only',
    tag: 'access',
    status: 201,
    body: createTokenBodySchema,
    response: createdTokenSchema,
    handler: async ({ body }, { access }) => {
      const { secret, info } = await access.createToken(body);
      return { token: secret, info: wireToken(info) };
    },
  }),
  jsonRoute({
    method: 'DELETE',
    path: '/tokens/{id}',
    operationId: 'revokeToken',
    summary: 'Revoke an API token: it stops working at once',
    tag: 'access',
    params: tokenParamsSchema,
    response: z.object({ info: tokenInfoSchema }),
    handler: async ({ params }, { access }) => ({ info: wireToken(await access.revokeToken(params.id)) }),
  }),
];

export const accessRoutes: AnyRoute[] = [...authRoutes, ...projectRoutes, ...userRoutes, ...tokenRoutes];
