import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Wraps a better-sqlite3 database so Kysely reuses prepared statements instead of preparing each
 * query again. Kysely's SQLite driver prepares on every execution, and preparing costs more than
 * running: about 5x for a 1000-row metric insert, and most of a small lookup. Statements are
 * keyed by their SQL text (parameters are bound at run time), least recently used dropped first;
 * very long texts (huge IN lists) are prepared but not kept.
 * Safe because Kysely runs one query at a time on its single SQLite connection.
 */
export function withStatementCache(database: Database.Database, capacity = 256, textBudget = 1_000_000): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  // A prepared statement's memory grows with its text (about 30 bytes per character for a
  // multi-row insert), so the cache is bounded by total text length as well as by count.
  let textSize = 0;
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) {
        // Re-inserting moves the entry to the young end of the Map's insertion order.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql) as unknown as SqliteStatement;
      if (sql.length > textBudget / 4) return statement;
      while (cache.size > 0 && (cache.size >= capacity || textSize + sql.length > textBudget)) {
        const oldest = cache.keys().next().value as string;
        cache.delete(oldest);
        textSize -= oldest.length;
      }
      cache.set(sql, statement);
      textSize += sql.length;
      return statement;
    },
  };
}
