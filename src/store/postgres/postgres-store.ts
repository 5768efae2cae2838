import { type Dialect, Kysely, PostgresDialect, sql } from "kysely";
import type { Pool, PoolConfig } from "pg";
import { ErrorCode } from "../../errors/codes.js";
import { SystemError, UserError } from "../../errors/reins-error.js";
import type { Database } from "../database.js";
import { sqlActions } from "../kysely/actions.js";
import { sqlApprovals } from "../kysely/approvals.js";
import { sqlAudit } from "../kysely/audit.js";
import { sqlCertificates } from "../kysely/certificates.js";
import { sqlEvals } from "../kysely/evals.js";
import { sqlFacts } from "../kysely/facts.js";
import { sqlModelCache } from "../kysely/model-cache.js";
import { sqlReviews } from "../kysely/reviews.js";
import { sqlRuns } from "../kysely/runs.js";
import { sqlSettings } from "../kysely/settings.js";
import type { SqlContext, StoreWideChain } from "../kysely/sql-context.js";
import { sqlWorkflows } from "../kysely/workflows.js";
import { migrateToLatest, pendingMigrations } from "../migrations.js";
import type { AuditKey, Store } from "../store.js";
import { guardMethods, storeFailure } from "../store-failure.js";
import { redactUrl } from "../store-location.js";
import { postgresCommit } from "./commit-step.js";
import { explainPostgresFault, unreachableReason } from "./pg-faults.js";
import { SnapshotDriver } from "./snapshot-driver.js";

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`); the password is never shown. */
  url: string;
  /**
   * Apply pending schema migrations on open. Off by default: opening never changes the schema unless asked; a
   * database behind fails with a `SystemError` saying to run `reins migrate`.
   */
  migrate?: boolean;
  /** Told the names of the migrations `migrate` applied (none when the schema was up to date). */
  onMigrated?: (applied: readonly string[]) => void;
  /** The clock used for every timestamp the store writes. Defaults to the system clock. */
  now?: () => Date;
  /** Every session of the store reads only (`default_transaction_read_only`): a write fails as a store failure. */
  readOnly?: boolean;
  /** The key new audit entries are MACed with (HMAC-SHA256, schemaVersion 2). */
  auditKey?: AuditKey;
  /** How long opening a connection may take before it fails as unreachable. Default 5 s. */
  connectTimeoutMs?: number;
  /** Connections the store's pool keeps at most. Default 10. */
  maxConnections?: number;
}

const defaultConnectTimeoutMs = 5000;

/**
 * Transaction-scoped advisory lock keys, one per store-wide chain (the first half spells "REIN"): advisory locks are
 * per database, so two Reins stores in one database would only queue behind each other, never mix.
 */
const chainLockKeys: Record<StoreWideChain, number> = {
  "audit-store-chain": 1,
  certificates: 2,
};
const lockNamespace = 0x5245494e;

/**
 * Opens a Reins store on a PostgreSQL server (node-postgres pool, Kysely). The server unreachable at open (refused,
 * timed out, unknown database, bad password) is a `UserError` (`REINS_STORE_UNREACHABLE`) naming the URL with its
 * password redacted; a database not migrated is a `SystemError` (`REINS_STORE`) saying to run `reins migrate`.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const shown = redactUrl(options.url);
  const where = `PostgreSQL ${shown}`;
  const { default: pg } = await import("pg");
  const config: PoolConfig = {
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? defaultConnectTimeoutMs,
    max: options.maxConnections ?? 10,
    // Ends an idle pool on its own: a CLI command does not wait for idle connections to time out.
    allowExitOnIdle: true,
    ...(options.readOnly === true ? { options: "-c default_transaction_read_only=on" } : {}),
  };
  const pool: Pool = new pg.Pool(config);
  // A pooled idle client whose server went away emits `error`; the next query fails and is reported there.
  pool.on("error", () => undefined);
  const base = new PostgresDialect({ pool });
  const driver = new SnapshotDriver(base.createDriver());
  const dialect: Dialect = {
    createAdapter: () => base.createAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => base.createIntrospector(db),
    createQueryCompiler: () => base.createQueryCompiler(),
  };
  const db = new Kysely<Database>({ dialect });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const reason = unreachableReason(error);
    throw new UserError({
      code: ErrorCode.StoreUnreachable,
      message: `cannot reach the Reins store at ${shown}: ${reason ?? (error instanceof Error ? error.message : String(error))}`,
      hint: "check the URL (--store or REINS_STORE) and that the server is up and accepts this user",
      cause: error,
    });
  }
  try {
    // Read first: a schema up to date (every open but the first) is not written to, nor its migration lock taken.
    const pending = await pendingMigrations(db);
    if (options.migrate === true && options.readOnly !== true) {
      // Applied before `onMigrated` is looked at: an optional call skips evaluating its arguments.
      const applied = pending.length === 0 ? [] : await migrateToLatest(db);
      options.onMigrated?.(applied);
    } else {
      if (pending.length > 0) {
        throw new SystemError({
          code: ErrorCode.StoreFailure,
          message:
            `the Reins database at ${shown} is not migrated (pending: ${pending.join(", ")}); ` +
            `run \`reins migrate --store ${shown}\` first (or open it with \`migrate: true\`)`,
        });
      }
    }
  } catch (error) {
    await db.destroy().catch(() => undefined);
    const cause = SystemError.isInstance(error) ? error.cause : error;
    const meaning = explainPostgresFault(cause);
    if (meaning !== undefined)
      throw storeFailure(SystemError.isInstance(error) ? "migrate" : "open", where, cause, meaning);
    throw SystemError.isInstance(error) ? error : storeFailure("open", where, error);
  }
  const context: SqlContext = {
    db,
    now: options.now ?? (() => new Date()),
    ...(options.auditKey === undefined ? {} : { auditKey: options.auditKey }),
    lockChain: async (trx, chain) => {
      await sql`select pg_advisory_xact_lock(${lockNamespace}, ${chainLockKeys[chain]})`.execute(trx);
    },
  };
  const explain = explainPostgresFault;
  return {
    commit: guardMethods("store", where, { commit: postgresCommit(context) }, undefined, explain).commit,
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
    readConsistent: async (read) => {
      try {
        return await driver.snapshot(read);
      } catch (error) {
        throw SystemError.isInstance(error) || UserError.isInstance(error)
          ? error
          : storeFailure("readConsistent", where, error, explain(error));
      }
    },
    close: () => db.destroy(),
  };
}
