import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type AuditLog, createAuditLog } from "../audit/audit-log.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";

/** The embedded store's default place, relative to the working directory. */
const defaultStorePath = ".reins/reins.db";

export interface StoreOption {
  store?: string;
}

/** The store a command works on, as the user named it: `--store`, else `REINS_STORE`, else `.reins/reins.db`. */
export function storePath(options: StoreOption): string {
  return options.store ?? process.env.REINS_STORE ?? defaultStorePath;
}

/**
 * Runs `work` with the command's store open (migrated) and closes it, whatever happens. `readOnly`, for commands
 * that only read: an existing store is opened for reading, never migrated, so a read-only copy can be inspected.
 */
export async function withStore<T>(
  options: StoreOption,
  work: (opened: { store: Store; audit: AuditLog }) => Promise<T>,
  redact: readonly string[] = [],
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<T> {
  const path = resolve(storePath(options));
  const store = await openSqliteStore(
    readOnly && existsSync(path) ? { path, readOnly: true } : { path, migrate: true },
  );
  try {
    return await work({ store, audit: createAuditLog({ store, redact: { fields: [...redact] } }) });
  } finally {
    await store.close();
  }
}

/** `withStore` for a command that only reads: an existing store is opened read-only and never migrated. */
export function withStoreToRead<T>(
  options: StoreOption,
  work: (opened: { store: Store }) => Promise<T>,
): Promise<T> {
  return withStore(options, work, [], { readOnly: true });
}
