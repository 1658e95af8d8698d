import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../src/storage/sql/sqlite-statement-cache.js';

describe('SQLite statement cache', () => {
  it('hands back the same prepared statement for the same text', () => {
    const cache = withStatementCache(new Database(':memory:'));
    const first = cache.prepare('select ? as x');
    expect(cache.prepare('select ? as x')).toBe(first);
    expect(first.all([7])).toEqual([{ x: 7 }]);
    expect(cache.prepare('select ? as y')).not.toBe(first);
    cache.close();
  });

  it('drops the least recently used statement when full', () => {
    const cache = withStatementCache(new Database(':memory:'), 2);
    const a = cache.prepare('select 1');
    const b = cache.prepare('select 2');
    expect(cache.prepare('select 1')).toBe(a);
    cache.prepare('select 3');
    expect(cache.prepare('select 1')).toBe(a);
    expect(cache.prepare('select 2')).not.toBe(b);
    cache.close();
  });

  it('does not keep statements whose text would crowd out the others', () => {
    const cache = withStatementCache(new Database(':memory:'), 100, 400);
    const long = `select ${'1 + '.repeat(40)}1`;
    expect(cache.prepare(long)).not.toBe(cache.prepare(long));
    cache.close();
  });
});
