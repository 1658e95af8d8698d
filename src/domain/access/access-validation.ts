import { invalidArgument } from '../errors.js';
import { validateAlias } from '../registry/registry-service.js';
import { isProjectRole, projectRoles, type ProjectRole } from './roles.js';

export const accessLimits = {
  nameLength: 64,
  displayNameLength: 200,
  descriptionLength: 5000,
  tokenNameLength: 200,
  protectedAliases: 50,
  passwordMinLength: 8,
  passwordMaxLength: 1000,
  tokenMaxDays: 3650,
} as const;

// Names sit in URL paths and in `user:password` Basic credentials: no ':' or '/', no spaces.
const nameFormat = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/;

/** Project and user names: letters, digits and `_ . @ -`, starting with a letter or digit, at most 64 characters. */
export function validateName(field: string, name: string): void {
  if (name.length === 0) throw invalidArgument(`${field}: must not be empty`);
  if (name.length > accessLimits.nameLength) throw invalidArgument(`${field}: '${name.slice(0, 40)}...' is longer than ${accessLimits.nameLength} characters`);
  if (!nameFormat.test(name)) {
    throw invalidArgument(`${field}: '${name}' is invalid; use letters, digits, '_', '.', '@' and '-', starting with a letter or digit`);
  }
}

export function validateText(field: string, value: string, max: number): void {
  if (value.length > max) throw invalidArgument(`${field}: value of length ${value.length} is longer than the limit of ${max} characters`);
}

/** Same rules as alias names (registry); an empty list is allowed. Answers the list without repeats. */
export function validateProtectedAliases(aliases: readonly string[]): string[] {
  if (aliases.length > accessLimits.protectedAliases) throw invalidArgument(`protectedAliases: at most ${accessLimits.protectedAliases} aliases`);
  for (const alias of aliases) validateAlias(alias);
  return [...new Set(aliases)];
}

export function validatePassword(password: string): void {
  if (password.length < accessLimits.passwordMinLength) throw invalidArgument(`password: must be at least ${accessLimits.passwordMinLength} characters`);
  if (password.length > accessLimits.passwordMaxLength) throw invalidArgument(`password: must be at most ${accessLimits.passwordMaxLength} characters`);
}

export function parseRole(role: string): ProjectRole {
  if (!isProjectRole(role)) throw invalidArgument(`role: '${role}' is not a role; use one of ${projectRoles.join(', ')}`);
  return role;
}

export function validateExpiryDays(days: number): void {
  if (!Number.isSafeInteger(days) || days < 1 || days > accessLimits.tokenMaxDays) {
    throw invalidArgument(`expiresInDays: must be a whole number from 1 to ${accessLimits.tokenMaxDays}`);
  }
}
