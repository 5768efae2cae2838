import type { AuditKey } from "../../audit-event/audit-event.js";

/** What every area of the memory store needs. */
export interface MemoryContext {
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** The key new audit entries are MACed with (schemaVersion 2); none, they are plain sha256 (1). */
  auditKey?: AuditKey;
}

/** Current time as an ISO-8601 string. */
export function isoNow(context: MemoryContext): string {
  return context.now().toISOString();
}

function isSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdfff;
}

/**
 * Orders strings as SQL text columns do (SQLite's BINARY collation: UTF-8 bytes, that is code points). JavaScript's
 * `<` compares UTF-16 code units, which differs only when a surrogate (a code point above U+FFFF) meets U+E000–U+FFFF.
 */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) !== isSurrogate(y)) return isSurrogate(x) ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Sorted by the keys given, in order; each key ascending unless `desc`. Sorts a copy. */
export function sortBy<T>(items: Iterable<T>, ...keys: { key: (item: T) => string; desc?: boolean }[]): T[] {
  return [...items].sort((left, right) => {
    for (const { key, desc } of keys) {
      const order = compareText(key(left), key(right));
      if (order !== 0) return desc === true ? -order : order;
    }
    return 0;
  });
}

/** The first `limit` items, as SQL `LIMIT` takes them: a negative limit means all, a fractional one is an error. */
export function applyLimit<T>(items: T[], limit: number | undefined): T[] {
  if (limit === undefined) return items;
  if (!Number.isInteger(limit)) throw new Error(`limit must be an integer, got ${limit}`);
  return limit < 0 ? items : items.slice(0, limit);
}
