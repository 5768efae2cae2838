import { openSqliteStore } from "./sqlite-store.js";
import type { AuditKey, Store } from "./store.js";
import { parseStoreLocation, type StoreLocation } from "./store-location.js";

export interface OpenStoreOptions {
  /** Apply pending schema migrations on open (what `reins migrate` does). Off by default. */
  migrate?: boolean;
  /** Told the names of the migrations `migrate` applied (none when the schema was up to date). */
  onMigrated?: (applied: readonly string[]) => void;
  /** Open for reading only (never migrated): an existing SQLite file read-only, a PostgreSQL session read-only. */
  readOnly?: boolean;
  /** The clock used for every timestamp the store writes. Defaults to the system clock. */
  now?: () => Date;
  /** The key new audit entries are MACed with (schemaVersion 2). */
  auditKey?: AuditKey;
}

/**
 * Opens the store at `location`: a SQLite file path, or `postgres://…` / `postgresql://…` (any other `scheme://` is
 * a `UserError`, `REINS_STORE_URL`). The PostgreSQL driver is loaded only when a PostgreSQL store is opened.
 */
export async function openStore(
  location: string | StoreLocation,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const parsed = typeof location === "string" ? parseStoreLocation(location) : location;
  const common = {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.auditKey === undefined ? {} : { auditKey: options.auditKey }),
    ...(options.onMigrated === undefined ? {} : { onMigrated: options.onMigrated }),
  };
  if (parsed.kind === "postgres") {
    const { openPostgresStore } = await import("./postgres/postgres-store.js");
    return openPostgresStore({
      url: parsed.url,
      ...common,
      ...(options.readOnly === true ? { readOnly: true } : { migrate: options.migrate === true }),
    });
  }
  return openSqliteStore({
    path: parsed.path,
    ...common,
    ...(options.readOnly === true ? { readOnly: true } : { migrate: options.migrate === true }),
  });
}
