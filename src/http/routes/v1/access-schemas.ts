import { z } from 'zod';
import { accessLimits } from '../../../domain/access/access-validation.js';
import { projectRoles } from '../../../domain/access/roles.js';
import { epochMillisSchema, requestComponents, responseComponents } from './schemas.js';

const nameSchema = z.string().min(1).max(accessLimits.nameLength).describe("Letters, digits, '_', '.', '@', '-'; at most 64 characters");

export const projectSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    protectedAliases: z.array(z.string()).describe('Aliases that only an approved promotion request may move'),
    createdTime: epochMillisSchema,
  })
  .register(responseComponents, { id: 'Project' });

export const userSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    isAdmin: z.boolean().describe('Installation-wide admin: every project, and users'),
    disabled: z.boolean(),
    hasPassword: z.boolean().describe('False for users who sign in with API tokens only'),
    createdTime: epochMillisSchema,
  })
  .register(responseComponents, { id: 'User' });

export const signedInUserSchema = z.object({ name: z.string(), displayName: z.string(), isAdmin: z.boolean() }).register(responseComponents, { id: 'SignedInUser' });

export const tokenInfoSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().describe('The first characters of the secret'),
    user: z.string(),
    createdTime: epochMillisSchema,
    expiresTime: epochMillisSchema.nullable(),
    revokedTime: epochMillisSchema.nullable(),
    lastUsedTime: epochMillisSchema.nullable().describe('Updated at most once a minute'),
    deployment: z.string().nullable().describe('The one deployment a scoped token may call; null for a token with its user\'s rights'),
    deploymentDeleted: z.boolean().describe('A scoped token whose deployment was deleted: it no longer works'),
  })
  .register(responseComponents, { id: 'TokenInfo' });

export const memberSchema = z
  .object({ user: z.string(), displayName: z.string(), role: z.enum(projectRoles) })
  .register(responseComponents, { id: 'ProjectMember' });

export const meSchema = z
  .object({
    user: signedInUserSchema,
    authEnabled: z.boolean().describe('False when the server runs without authentication: everyone is the local admin'),
    memberships: z.array(z.object({ project: z.string(), role: z.enum(projectRoles) })),
  })
  .register(responseComponents, { id: 'Me' });

export const loginBodySchema = z
  .strictObject({ username: z.string().min(1), password: z.string().min(1) })
  .register(requestComponents, { id: 'LoginRequest' });
export const loginResponseSchema = z
  .object({ token: z.string().describe('A session token (12 hours); send it as `Authorization: Bearer <token>`'), user: signedInUserSchema })
  .register(responseComponents, { id: 'LoginResponse' });

export const projectParamsSchema = z.strictObject({ project: z.string().min(1) });
export const memberParamsSchema = z.strictObject({ project: z.string().min(1), user: z.string().min(1) });
export const userParamsSchema = z.strictObject({ user: z.string().min(1) });
export const tokenParamsSchema = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, 'must be a token id (a whole number)').transform(Number) });

const aliasesSchema = z.array(z.string()).describe('Alias names (letters, digits, `_`, `-`); may be empty');

export const createProjectBodySchema = z
  .strictObject({
    name: nameSchema,
    description: z.string().max(accessLimits.descriptionLength).optional(),
    protectedAliases: aliasesSchema.optional().describe('Defaults to ["production"]'),
  })
  .register(requestComponents, { id: 'CreateProjectRequest' });
export const updateProjectBodySchema = z
  .strictObject({ description: z.string().max(accessLimits.descriptionLength).optional(), protectedAliases: aliasesSchema.optional() })
  .register(requestComponents, { id: 'UpdateProjectRequest' });

export const createUserBodySchema = z
  .strictObject({
    name: nameSchema,
    displayName: z.string().max(accessLimits.displayNameLength).optional().describe('Defaults to the name'),
    password: z.string().optional().describe('At least 8 characters; without one the user signs in with API tokens only'),
    isAdmin: z.boolean().optional(),
  })
  .register(requestComponents, { id: 'CreateUserRequest' });
export const updateUserBodySchema = z
  .strictObject({
    displayName: z.string().max(accessLimits.displayNameLength).optional(),
    password: z.string().optional(),
    currentPassword: z.string().optional().describe('Required when non-admins change their own password'),
    disabled: z.boolean().optional().describe('Admins only; a disabled user cannot sign in and their tokens stop working'),
    isAdmin: z.boolean().optional().describe('Admins only'),
  })
  .register(requestComponents, { id: 'UpdateUserRequest' });

export const createTokenBodySchema = z
  .strictObject({
    name: z.string().min(1).max(accessLimits.tokenNameLength).describe('What the token is for'),
    expiresInDays: z.number().int().min(1).max(accessLimits.tokenMaxDays).optional().describe('Never expires when absent'),
    user: z.string().min(1).optional().describe('Admins only: make the token for this user'),
    deployment: z
      .string()
      .min(1)
      .optional()
      .describe("Scope the token to this deployment: it may then only call that deployment's inference routes. Needs deploy in its project"),
  })
  .register(requestComponents, { id: 'CreateTokenRequest' });
export const listTokensQuerySchema = z.strictObject({
  user: z.string().min(1).optional().describe("Admins only: that user's tokens"),
  all: z.enum(['true', 'false']).optional().describe("Admins only: every user's tokens"),
});
export const setMemberBodySchema = z.strictObject({ role: z.enum(projectRoles) }).register(requestComponents, { id: 'SetMemberRequest' });

export const createdTokenSchema = z
  .object({ token: z.string().describe('The secret, shown in this answer only'), info: tokenInfoSchema })
  .register(responseComponents, { id: 'CreatedToken' });
