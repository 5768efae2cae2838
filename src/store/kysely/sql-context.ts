import type { Kysely } from "kysely";
import type { AuditKey } from "../../audit-event/audit-event.js";
import type { Database } from "../database.js";

/** What every table module of a Kysely-backed store needs. */
export interface SqlContext {
  /** The database, with the Reins schema applied. */
  db: Kysely<Database>;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** The key new audit entries are MACed with (schemaVersion 2); none, they are plain sha256 (1). */
  auditKey?: AuditKey;
}

/** Current time as an ISO-8601 string. */
export function isoNow(context: SqlContext): string {
  return context.now().toISOString();
}
