import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost. N = 2^15 with r = 8 takes ~30-60 ms here: slow enough to make guessing expensive,
 * fast enough for a sign-in. The parameters travel inside each hash, so raising them later keeps
 * old hashes verifiable.
 */
const defaults = { N: 32768, r: 8, p: 1 } as const;
const keyLength = 32;
const saltLength = 16;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r * params.p };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** `scrypt$N$r$p$<salt base64url>$<key base64url>`, with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, defaults);
  return ['scrypt', defaults.N, defaults.r, defaults.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; a malformed hash never matches. Compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || N > 2 ** 20) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== keyLength) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** Spends what a real check costs, so an unknown user name answers as slowly as a wrong password. */
let decoy: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword('decoy');
  await verifyPassword(password, await decoy);
}

/**
 * Remembers, for a few minutes, that a password matched a stored hash, so that Basic
 * authentication (sent on every request by the MLflow client) does not pay scrypt each time.
 * Entries are keyed by an HMAC (with a per-process key) over the user, their stored hash and the
 * password: the password itself is never kept, and a changed password (a new stored hash, read
 * from the database on every request) misses the cache at once, on every replica.
 */
export class VerifiedPasswords {
  private readonly key = randomBytes(32);
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  has(userId: number, storedHash: string, password: string, now: number): boolean {
    const id = this.id(userId, storedHash, password);
    const expires = this.entries.get(id);
    if (expires === undefined) return false;
    if (expires > now) return true;
    this.entries.delete(id);
    return false;
  }

  add(userId: number, storedHash: string, password: string, now: number): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(this.id(userId, storedHash, password), now + this.ttlMs);
  }

  private id(userId: number, storedHash: string, password: string): string {
    return createHmac('sha256', this.key).update(`${userId}\0${storedHash}\0${password}`).digest('base64url');
  }
}
