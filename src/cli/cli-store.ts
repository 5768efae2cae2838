import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type AuditLog, createAuditLog } from "../audit/audit-log.js";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store } from "../store/store.js";
import { parseStoreLocation, type StoreLocation, shownLocation } from "../store/store-location.js";
import { resolveAuditKey } from "./audit-key.js";
import { advanceManifest } from "./audit-manifest.js";

/** The embedded store's default place, relative to the working directory. */
const defaultStorePath = ".reins/reins.db";

export interface StoreOption {
  store?: string;
}

/** Where the command's store was named: `--store`, `REINS_STORE`, or the default. */
function storeSource(options: StoreOption): "--store" | "REINS_STORE" | "the default" {
  return options.store !== undefined
    ? "--store"
    : process.env.REINS_STORE !== undefined
      ? "REINS_STORE"
      : "the default";
}

/**
 * The store a command works on, as the user named it (`--store`, else `REINS_STORE`, else `.reins/reins.db`),
 * parsed: a SQLite path (as written, relative to the working directory) or a PostgreSQL URL. Any other `scheme://`
 * is a located error (exit 2), never a folder named after the scheme.
 */
export function commandStore(options: StoreOption): StoreLocation {
  const named = options.store ?? process.env.REINS_STORE ?? defaultStorePath;
  return parseStoreLocation(named, storeSource(options));
}

/** How the command's store is named in messages: its path as written, or its URL with the password redacted. */
export function storePath(options: StoreOption): string {
  return shownLocation(commandStore(options));
}

/** The folder a command keeps its files in beside the store: the SQLite file's, or `.reins` for a server. */
export function storeFolder(options: StoreOption): string {
  const location = commandStore(options);
  return location.kind === "sqlite" ? dirname(location.path) : ".reins";
}

/** Opens the command's store: migrated unless `readOnly` (then opened for reading and never migrated). */
async function openCommandStore(
  location: StoreLocation,
  readOnly: boolean,
): Promise<{ store: Store; writes: boolean }> {
  if (location.kind === "postgres") {
    const auditKey = readOnly ? undefined : await resolveAuditKey({});
    // Loaded only for a PostgreSQL store, so that commands on SQLite never load the PostgreSQL driver.
    const { openPostgresStore } = await import("../store/postgres/postgres-store.js");
    const store = await openPostgresStore(
      readOnly
        ? { url: location.url, readOnly: true }
        : { url: location.url, migrate: true, ...(auditKey ? { auditKey } : {}) },
    );
    return { store, writes: !readOnly };
  }
  const path = resolve(location.path);
  const reading = readOnly && existsSync(path);
  const auditKey = reading ? undefined : await resolveAuditKey({});
  const store = await openSqliteStore(
    reading ? { path, readOnly: true } : { path, migrate: true, ...(auditKey ? { auditKey } : {}) },
  );
  return { store, writes: !readOnly };
}

/**
 * Runs `work` with the command's store open (migrated) and closes it, whatever happens. `readOnly`, for commands
 * that only read: an existing store is opened for reading, never migrated, so a read-only copy can be inspected.
 * A command that may write MACs new audit entries with the configured audit key (`REINS_AUDIT_KEY`,
 * `REINS_AUDIT_KEY_FILE`), and moves a SQLite store's manifest (`<store>.anchor.json`) forward once it is done (a
 * PostgreSQL store has no file to keep it beside: `reins audit anchor` exports its head).
 */
export async function withStore<T>(
  options: StoreOption,
  work: (opened: { store: Store; audit: AuditLog }) => Promise<T>,
  redact: readonly string[] = [],
  { readOnly = false }: { readOnly?: boolean } = {},
): Promise<T> {
  const location = commandStore(options);
  const { store, writes } = await openCommandStore(location, readOnly);
  // What the command wrote is in the store whether it succeeded or not: the manifest follows it either way, and
  // fails the command only when nothing else did.
  const advance = () =>
    writes && location.kind === "sqlite"
      ? advanceManifest(store, resolve(location.path), new Date())
      : Promise.resolve();
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
 * `withStore` for a command that only reads: an existing store is opened read-only and never migrated. A SQLite
 * store that does not exist is a located error, not an empty store created on the spot: a mistyped `--store` or
 * `REINS_STORE` would otherwise read as "no approvals" or "audit log intact". A PostgreSQL database not migrated
 * fails the same way when opened (it says to run `reins migrate`).
 */
export function withStoreToRead<T>(
  options: StoreOption,
  work: (opened: { store: Store }) => Promise<T>,
): Promise<T> {
  const location = commandStore(options);
  if (location.kind === "sqlite" && !existsSync(resolve(location.path))) {
    const named = options.store ?? process.env.REINS_STORE ?? defaultStorePath;
    throw new UserError({
      code: ErrorCode.FileNotFound,
      message: `no Reins store at ${named} (${storeSource(options)}): nothing has been recorded there`,
      file: named,
      hint: "check the path (--store or REINS_STORE); a store is created by the first command that records something, such as reins run",
    });
  }
  return withStore(options, work, [], { readOnly: true });
}
