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
