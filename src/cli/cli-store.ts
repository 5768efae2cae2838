import { resolve } from "node:path";
import { type AuditLog, createAuditLog } from "../audit/audit-log.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";

/** The embedded store's default place, relative to the working directory. */
export const defaultStorePath = ".reins/reins.db";

export interface StoreOption {
  store?: string;
}

/** Opens the store a command works on: `--store`, else `REINS_STORE`, else `.reins/reins.db`. Migrates it. */
export async function openCliStore(
  options: StoreOption,
  redact: readonly string[] = [],
): Promise<{ store: Store; audit: AuditLog }> {
  const path = resolve(options.store ?? process.env.REINS_STORE ?? defaultStorePath);
  const store = await openSqliteStore({ path, migrate: true });
  return { store, audit: createAuditLog({ store, redact: { fields: [...redact] } }) };
}

/** Runs `work` with an open store and closes it, whatever happens. */
export async function withStore<T>(
  options: StoreOption,
  work: (opened: { store: Store; audit: AuditLog }) => Promise<T>,
  redact: readonly string[] = [],
): Promise<T> {
  const opened = await openCliStore(options, redact);
  try {
    return await work(opened);
  } finally {
    await opened.store.close();
  }
}
