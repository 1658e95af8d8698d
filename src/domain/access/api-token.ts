import { createHash, randomBytes } from 'node:crypto';

/** Every secret starts with this, so a leaked one is recognisable (secret scanners) and Basic auth can tell it from a password. */
export const tokenSecretPrefix = 'cairn_';

/** Characters of the secret kept for display: the marker plus 6 random characters. */
const displayLength = tokenSecretPrefix.length + 6;

export interface GeneratedToken {
  /** Shown to the user once. */
  secret: string;
  /** What is stored instead of the secret. */
  tokenHash: string;
  prefix: string;
}

/** A new secret: `cairn_` + base64url of 32 random bytes. */
export function generateToken(): GeneratedToken {
  const secret = tokenSecretPrefix + randomBytes(32).toString('base64url');
  return { secret, tokenHash: hashToken(secret), prefix: secret.slice(0, displayLength) };
}

/**
 * sha256 (hex) of a secret. A fast hash suffices: the secret has 256 random bits, so there is
 * nothing to guess, and the lookup by hash happens on every request.
 */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function looksLikeToken(value: string): boolean {
  return value.startsWith(tokenSecretPrefix);
}
