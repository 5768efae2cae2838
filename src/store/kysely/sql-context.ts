import type { Kysely } from "kysely";
import type { Database } from "../database.js";

/** What every table module of a Kysely-backed store needs. */
export interface SqlContext {
  /** The database, with the Reins schema applied. */
  db: Kysely<Database>;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
}

/** Current time as an ISO-8601 string. */
export function isoNow(context: SqlContext): string {
  return context.now().toISOString();
}

/** A JSON value as column text (`undefined` becomes `null`). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** A nullable JSON column: `null` and `undefined` are stored as SQL NULL. */
export function toNullableJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Column text back to a value; SQL NULL reads as `null`. */
export function fromJsonText(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
