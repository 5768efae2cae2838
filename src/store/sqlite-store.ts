import { closeSync, constants, mkdirSync, openSync } from "node:fs";
import { dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { ErrorCode } from "../errors/codes.js";
import { SystemError, UserError } from "../errors/reins-error.js";
import type { Database } from "./database.js";
import { sqlActions } from "./kysely/actions.js";
import { sqlApprovals } from "./kysely/approvals.js";
import { sqlAudit } from "./kysely/audit.js";
import { sqlCertificates } from "./kysely/certificates.js";
import { sqlEvals } from "./kysely/evals.js";
import { sqlFacts } from "./kysely/facts.js";
import { sqlModelCache } from "./kysely/model-cache.js";
import { sqlReviews } from "./kysely/reviews.js";
import { sqlRuns } from "./kysely/runs.js";
import { sqlSettings } from "./kysely/settings.js";
import type { SqlContext } from "./kysely/sql-context.js";
import { sqlWorkflows } from "./kysely/workflows.js";
import { migrateToLatest, pendingMigrations } from "./migrations.js";
import { type Checkpointer, startCheckpointer } from "./sqlite/checkpointer.js";
import { sqliteCommit } from "./sqlite/commit-step.js";
import { explainSqliteFault } from "./sqlite/sqlite-faults.js";
import { withStatementCache } from "./statement-cache.js";
import type { AuditKey, Store } from "./store.js";
import { guardMethods, storeFailure } from "./store-failure.js";
import { redactUrl } from "./store-location.js";

export interface SqliteStoreOptions {
  /** Path of the database file (created, with its folder, if missing), e.g. `.reins/reins.db`; or `:memory:`. */
  path: string;
  /** Apply pending schema migrations on open. Off by default: opening never changes the schema unless asked. */
  migrate?: boolean;
  /** Told the names of the migrations `migrate` applied (none when the schema was up to date). */
  onMigrated?: (applied: readonly string[]) => void;
  /** The clock used for every timestamp the store writes. Defaults to the system clock. */
  now?: () => Date;
  /**
   * Open an existing database for reading only (no migration, no change of mode): for commands that only read,
   * so that a read-only copy can be inspected. Any write through the store then fails as a store failure.
   */
  readOnly?: boolean;
  /**
   * The key new audit entries are MACed with (HMAC-SHA256, schemaVersion 2), kept outside the database. Without it
   * new entries are plain sha256 (schemaVersion 1). Entries already stored keep their version.
   */
  auditKey?: AuditKey;
}

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
const busyTimeoutMs = 5000;

function openDatabase(path: string, readOnly: boolean): BetterSqlite3.Database {
  if (readOnly) {
    const database = new BetterSqlite3(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    try {
      database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    } catch (error) {
      database.close();
      throw error;
    }
    return database;
  }
  if (path !== ":memory:") {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Created owner-only before SQLite opens it (its -wal and -shm files take the same mode): a store holds inputs,
    // approvals and audit logs. An existing file keeps its mode.
    // If it cannot be created here, SQLite's own open below fails and says why.
    try {
      closeSync(openSync(path, constants.O_CREAT | constants.O_RDWR, 0o600));
    } catch {}
  }
  const database = new BetterSqlite3(path, { timeout: busyTimeoutMs });
  try {
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    database.pragma("journal_mode = WAL");
    database.pragma("synchronous = NORMAL");
    database.pragma("foreign_keys = ON");
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

/**
 * Opens the embedded SQLite store: WAL mode, so that the CLI, a worker and the dashboard can use one file at once.
 * Without `migrate: true`, a database whose schema is missing or behind fails with a `SystemError` (StoreFailure).
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  // A URL is never taken for a path (`postgres://h/db` would become a folder named `postgres:`).
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(options.path)) {
    throw new UserError({
      code: ErrorCode.StoreUrlInvalid,
      message: `openSqliteStore was given a URL, not a file path: ${redactUrl(options.path)}`,
      hint: "open a PostgreSQL store with openPostgresStore or openStore(url)",
    });
  }
  const where = `SQLite ${options.path}`;
  const explain = (cause: unknown) => explainSqliteFault(options.path, cause);
  let database: BetterSqlite3.Database;
  try {
    database = openDatabase(options.path, options.readOnly === true);
  } catch (error) {
    throw storeFailure("open", where, error, explain(error));
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  try {
    if (options.migrate === true && options.readOnly !== true) {
      const applied = await migrateToLatest(db);
      options.onMigrated?.(applied);
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) {
        throw new SystemError({
          code: ErrorCode.StoreFailure,
          message:
            `the Reins database at ${options.path} is not migrated (pending: ${pending.join(", ")}); ` +
            "run migrations first: open it with `migrate: true` (the reins CLI does this)",
        });
      }
    }
  } catch (error) {
    await db.destroy();
    // A migration that failed on the driver (the lock held elsewhere, a full disk) names the file and what it means.
    const cause = SystemError.isInstance(error) ? error.cause : error;
    const meaning = explain(cause);
    if (meaning !== undefined)
      throw storeFailure(SystemError.isInstance(error) ? "migrate" : "open", where, cause, meaning);
    throw SystemError.isInstance(error) ? error : storeFailure("open", where, error);
  }
  // Only a writable file has a WAL to checkpoint (`:memory:` has none; a read-only open never writes).
  const checkpointer: Checkpointer | undefined =
    options.readOnly === true || options.path === ":memory:"
      ? undefined
      : startCheckpointer({ database, path: resolve(options.path), warn: storeWarning });
  const context: SqlContext = {
    db,
    now: options.now ?? (() => new Date()),
    ...(options.auditKey === undefined ? {} : { auditKey: options.auditKey }),
  };
  return {
    commit: guardMethods(
      "store",
      where,
      { commit: sqliteCommit(database, db, context.now, options.auditKey, () => checkpointer?.committed()) },
      undefined,
      explain,
    ).commit,
    runs: guardMethods("runs", where, sqlRuns(context), undefined, explain),
    audit: guardMethods("audit", where, sqlAudit(context), undefined, explain),
    approvals: guardMethods("approvals", where, sqlApprovals(context), undefined, explain),
    actions: guardMethods("actions", where, sqlActions(context), undefined, explain),
    workflows: guardMethods("workflows", where, sqlWorkflows(context), undefined, explain),
    settings: guardMethods("settings", where, sqlSettings(context), undefined, explain),
    reviews: guardMethods("reviews", where, sqlReviews(context), undefined, explain),
    certificates: guardMethods("certificates", where, sqlCertificates(context), undefined, explain),
    facts: guardMethods("facts", where, sqlFacts(context), undefined, explain),
    evals: guardMethods("evals", where, sqlEvals(context), undefined, explain),
    modelCache: guardMethods("modelCache", where, sqlModelCache(context), undefined, explain),
    readConsistent: (read) => readInSnapshot(database, where, read, explain),
    close: async () => {
      // The worker's connection closes first, so that the store's, the last, checkpoints and removes the WAL.
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

/** A store has no logger: the checkpointer's failure is a process warning (printed once by Node). */
function storeWarning(message: string): void {
  process.emitWarning(message, { code: ErrorCode.StoreFailure });
}

/**
 * One deferred transaction on the raw connection around `read`: Kysely's queries run on that connection, so they all
 * see the snapshot its first read takes (WAL), whatever other processes commit meanwhile.
 */
async function readInSnapshot<T>(
  database: BetterSqlite3.Database,
  where: string,
  read: () => Promise<T>,
  explain: (cause: unknown) => string | undefined,
): Promise<T> {
  if (database.inTransaction) return read();
  const fail = (error: unknown) => storeFailure("readConsistent", where, error, explain(error));
  try {
    database.exec("BEGIN");
  } catch (error) {
    throw fail(error);
  }
  let result: T;
  try {
    result = await read();
  } catch (error) {
    // What the read met (a damaged page, say) is the error to report, not the end of its transaction.
    try {
      if (database.inTransaction) database.exec("ROLLBACK");
    } catch {}
    throw error;
  }
  try {
    if (database.inTransaction) database.exec("COMMIT");
  } catch (error) {
    throw fail(error);
  }
  return result;
}
