import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type AuditLog, createAuditLog } from "../audit/audit-log.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";
import { resolveAuditKey } from "./audit-key.js";
import { advanceManifest } from "./audit-manifest.js";

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
 * A command that may write MACs new audit entries with the configured audit key (`REINS_AUDIT_KEY`,
 * `REINS_AUDIT_KEY_FILE`), and moves the store's manifest (`<store>.anchor.json`) forward once it is done.
 */
export async function withStore<T>(
  options: StoreOption,
  work: (opened: { store: Store; audit: AuditLog }) => Promise<T>,
  redact: readonly string[] = [],
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<T> {
  const path = resolve(storePath(options));
  const reading = readOnly && existsSync(path);
  const auditKey = reading ? undefined : await resolveAuditKey({});
  const store = await openSqliteStore(
    reading ? { path, readOnly: true } : { path, migrate: true, ...(auditKey ? { auditKey } : {}) },
  );
  // What the command wrote is in the store whether it succeeded or not: the manifest follows it either way, and
  // fails the command only when nothing else did.
  const advance = () => (readOnly ? Promise.resolve() : advanceManifest(store, path, new Date()));
  let result: T;
  try {
    result = await work({ store, audit: createAuditLog({ store, redact: { fields: [...redact] } }) });
  } catch (error) {
    await advance().catch(() => {});
    await store.close();
    throw error;
  }
  try {
    await advance();
  } finally {
    await store.close();
  }
  return result;
}

/**
 * `withStore` for a command that only reads: an existing store is opened read-only and never migrated. A store that
 * does not exist is a located error, not an empty store created on the spot: a mistyped `--store` or `REINS_STORE`
 * would otherwise read as "no approvals" or "audit log intact".
 */
export function withStoreToRead<T>(
  options: StoreOption,
  work: (opened: { store: Store }) => Promise<T>,
): Promise<T> {
  const named = storePath(options);
  if (!existsSync(resolve(named))) {
    const source =
      options.store !== undefined
        ? "--store"
        : process.env.REINS_STORE !== undefined
          ? "REINS_STORE"
          : "the default";
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `no Reins store at ${named} (${source}): nothing has been recorded there`,
      file: named,
      hint: "check the path (--store or REINS_STORE); a store is created by the first command that records something, such as reins run",
    });
  }
  return withStore(options, work, [], { readOnly: true });
}
