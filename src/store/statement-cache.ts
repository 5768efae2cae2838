import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase } from "kysely";

/**
 * Kysely's SQLite driver prepares every statement anew, and compiling SQL was a large share of a gated tool call's
 * time. This hands Kysely a database whose `prepare` reuses compiled statements by SQL text.
 * better-sqlite3 is synchronous, so a statement is never in use twice at once. The cache is bounded.
 */
export function withStatementCache(database: BetterSqlite3.Database, limit = 512): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
  };
}
