import type { Kysely, Transaction } from "kysely";
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
  /**
   * Serialises the writers of one store-wide chain (the store-level audit chain, the certificate chain) across
   * processes, inside `trx`, before its tail is read. Absent where writes are serialised already (SQLite's single
   * writer); PostgreSQL takes a transaction-scoped advisory lock.
   */
  lockChain?: (trx: Transaction<Database>, chain: StoreWideChain) => Promise<void>;
}

/** The chains whose every entry follows the store's last one, whatever run it is of. */
export type StoreWideChain = "audit-store-chain" | "certificates";

/** Current time as an ISO-8601 string. */
export function isoNow(context: SqlContext): string {
  return context.now().toISOString();
}
