import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  SqliteAdapter,
  sql,
} from "kysely";
import { nextStoreEntry } from "../audit-event/store-chain-hash.js";
import { ErrorCode } from "../errors/codes.js";
import { SystemError } from "../errors/reins-error.js";

/** The schema, one migration per entry, in order. In code (no file globbing) so that it works from the bundle. */
const migrations: Record<string, Migration> = {
  "0001_initial": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("runs")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("charter", "text", (c) => c.notNull())
        .addColumn("charter_version", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("autonomy", "text", (c) => c.notNull())
        .addColumn("agent", "text", (c) => c.notNull())
        .addColumn("input", "text", (c) => c.notNull())
        .addColumn("outcome", "text")
        .addColumn("checkpoint", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("runs_charter_created")
        .on("runs")
        .columns(["charter", "created_at"])
        .execute();
      await db.schema
        .createIndex("runs_status_created")
        .on("runs")
        .columns(["status", "created_at"])
        .execute();

      await db.schema
        .createTable("audit_events")
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("schema_version", "integer", (c) => c.notNull())
        .addUniqueConstraint("audit_events_run_seq", ["run_id", "seq"])
        .execute();

      await db.schema
        .createTable("audit_heads")
        .addColumn("run_id", "text", (c) => c.primaryKey())
        .addColumn("count", "integer", (c) => c.notNull())
        .addColumn("head_hash", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("approvals")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("charter", "text", (c) => c.notNull())
        .addColumn("call_id", "text", (c) => c.notNull())
        .addColumn("tool_name", "text", (c) => c.notNull())
        .addColumn("input", "text", (c) => c.notNull())
        .addColumn("input_hash", "text", (c) => c.notNull())
        .addColumn("reasons", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("decided_by", "text")
        .addColumn("note", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("decided_at", "text")
        .execute();
      await db.schema
        .createIndex("approvals_status_created")
        .on("approvals")
        .columns(["status", "created_at"])
        .execute();
      await db.schema.createIndex("approvals_run").on("approvals").column("run_id").execute();

      await db.schema
        .createTable("actions")
        .addColumn("idempotency_key", "text", (c) => c.primaryKey())
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("call_id", "text", (c) => c.notNull())
        .addColumn("tool_name", "text", (c) => c.notNull())
        .addColumn("input_hash", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("result", "text")
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text")
        .execute();
      await db.schema.createIndex("actions_run").on("actions").column("run_id").execute();

      await db.schema
        .createTable("workflows")
        .addColumn("charter", "text", (c) => c.primaryKey())
        .addColumn("paused", "integer", (c) => c.notNull())
        .addColumn("paused_reason", "text")
        .addColumn("flagged", "integer", (c) => c.notNull())
        .addColumn("flagged_reason", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();

      await db.schema
        .createTable("facts")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("charter", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("provenance", "text", (c) => c.notNull())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("recorded_at", "text", (c) => c.notNull())
        .addColumn("ttl_seconds", "integer")
        .execute();
      await db.schema
        .createIndex("facts_charter_key")
        .on("facts")
        .columns(["charter", "key", "recorded_at"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        "facts",
        "workflows",
        "actions",
        "approvals",
        "audit_heads",
        "audit_events",
        "runs",
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  "0002_evals": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("evals")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("suite", "text", (c) => c.notNull())
        .addColumn("agent", "text", (c) => c.notNull())
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("passed", "integer", (c) => c.notNull())
        .addColumn("report", "text", (c) => c.notNull())
        .addColumn("result_count", "integer", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("evals_started").on("evals").columns(["started_at", "id"]).execute();
      await db.schema
        .createIndex("evals_suite_started")
        .on("evals")
        .columns(["suite", "started_at", "id"])
        .execute();

      await db.schema
        .createTable("eval_results")
        .addColumn("eval_id", "text", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("case_id", "text", (c) => c.notNull())
        .addColumn("trial", "integer", (c) => c.notNull())
        .addColumn("passed", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("eval_results_eval")
        .on("eval_results")
        .columns(["eval_id", "position"])
        .unique()
        .execute();

      await db.schema
        .createTable("model_cache")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("stored_at", "text", (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of ["model_cache", "eval_results", "evals"]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },
  "0003_run_calls_and_leases": {
    async up(db: Kysely<unknown>) {
      // A run's checkpoint grows by one row per call instead of being written whole after every call.
      await db.schema
        .createTable("run_calls")
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("call_id", "text", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("run_calls_pk", ["run_id", "call_id"])
        .execute();
      await db.schema.alterTable("runs").addColumn("lease_holder", "text").execute();
      await db.schema.alterTable("runs").addColumn("lease_until", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("runs").dropColumn("lease_until").execute();
      await db.schema.alterTable("runs").dropColumn("lease_holder").execute();
      await db.schema.dropTable("run_calls").execute();
    },
  },
  "0004_eval_transcripts": {
    async up(db: Kysely<unknown>) {
      // Trial transcripts of traced evaluations (`reins eval --trace`), read by case and trial (`reins show`).
      await db.schema
        .createTable("eval_transcripts")
        .addColumn("eval_id", "text", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("case_id", "text", (c) => c.notNull())
        .addColumn("trial", "integer", (c) => c.notNull())
        .addColumn("data", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("eval_transcripts_pk", ["eval_id", "position"])
        .execute();
      await db.schema
        .createIndex("eval_transcripts_case")
        .on("eval_transcripts")
        .columns(["eval_id", "case_id", "trial"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("eval_transcripts").execute();
    },
  },
  "0005_store_chain": {
    async up(db: Kysely<unknown>) {
      // The store-level chain over the runs' heads (see StoreChainEntry): written at a run's lifecycle events.
      await db.schema
        .createTable("audit_store_chain")
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("run_count", "integer", (c) => c.notNull())
        .addColumn("run_head", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .addColumn("schema_version", "integer", (c) => c.notNull())
        .execute();
      // The runs already in the store are sealed as they stand (unkeyed: a migration has no key), one entry each,
      // so that a store written before this migration verifies, and a run deleted after it is named.
      const heads = await sql<{ run_id: string; count: number; head_hash: string }>`
        select run_id, count, head_hash from audit_heads order by run_id`.execute(db);
      const at = new Date().toISOString();
      let tail: { seq: number; hash: string } | undefined;
      for (const head of heads.rows) {
        const entry = nextStoreEntry(
          { runId: head.run_id, count: head.count, headHash: head.head_hash },
          tail,
          at,
          undefined,
        );
        await sql`insert into audit_store_chain (seq, run_id, run_count, run_head, at, prev_hash, hash, schema_version)
          values (${entry.seq}, ${entry.runId}, ${entry.runCount}, ${entry.runHead}, ${entry.at}, ${entry.prevHash}, ${entry.hash}, ${entry.schemaVersion})`.execute(
          db,
        );
        tail = entry;
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("audit_store_chain").execute();
    },
  },
  "0006_store_settings_and_entered_by": {
    async up(db: Kysely<unknown>) {
      // The store's own settings (whether decisions may be entered for someone else), and who entered a decision
      // that names someone else as its decider.
      await db.schema
        .createTable("store_settings")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .execute();
      await db.schema.alterTable("approvals").addColumn("entered_by", "text").execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable("approvals").dropColumn("entered_by").execute();
      await db.schema.dropTable("store_settings").execute();
    },
  },
  "0007_reviews": {
    async up(db: Kysely<unknown>) {
      // Human reviews of runs: append-only, one row per verdict (a second reviewer is another row).
      await db.schema
        .createTable("reviews")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("run_id", "text", (c) => c.notNull())
        .addColumn("reviewer", "text", (c) => c.notNull())
        .addColumn("entered_by", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("schema_version", "integer", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("error_type", "text")
        .addColumn("correction", "text")
        .addColumn("root_cause", "text")
        .addColumn("retraining_priority", "text")
        .addColumn("note", "text")
        .execute();
      await db.schema
        .createIndex("reviews_run_created")
        .on("reviews")
        .columns(["run_id", "created_at"])
        .execute();
      await db.schema.createIndex("reviews_created").on("reviews").columns(["created_at"]).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("reviews").execute();
    },
  },
  "0008_autonomy_certificates": {
    async up(db: Kysely<unknown>) {
      // Autonomy certificates: one row per promotion, never changed; seq orders the chain and is unique.
      await db.schema
        .createTable("autonomy_certificates")
        .addColumn("seq", "integer", (c) => c.primaryKey())
        .addColumn("id", "text", (c) => c.notNull().unique())
        .addColumn("charter", "text", (c) => c.notNull())
        .addColumn("charter_version", "text", (c) => c.notNull())
        .addColumn("levels", "text", (c) => c.notNull())
        .addColumn("level", "text", (c) => c.notNull())
        .addColumn("evidence_digest", "text", (c) => c.notNull())
        .addColumn("promoted_by", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("prev_hash", "text", (c) => c.notNull())
        .addColumn("hash", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("autonomy_certificates_charter")
        .on("autonomy_certificates")
        .columns(["charter", "seq"])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable("autonomy_certificates").execute();
    },
  },
  "0009_eval_streaming": {
    async up(db: Kysely<unknown>) {
      // An evaluation written as its trials end: its status and plan, and each result once per key. Rows written
      // before have no perturbation (null), and nulls never collide in a unique index: they stay as they were.
      await db.schema
        .alterTable("evals")
        .addColumn("status", "text", (c) => c.notNull().defaultTo("finished"))
        .execute();
      await db.schema.alterTable("evals").addColumn("plan", "text").execute();
      await db.schema.alterTable("eval_results").addColumn("perturbation", "text").execute();
      await db.schema
        .createIndex("eval_results_key")
        .on("eval_results")
        .columns(["eval_id", "case_id", "perturbation", "trial"])
        .unique()
        .execute();
      await db.schema.alterTable("eval_transcripts").addColumn("perturbation", "text").execute();
      await db.schema
        .createIndex("eval_transcripts_key")
        .on("eval_transcripts")
        .columns(["eval_id", "case_id", "perturbation", "trial"])
        .unique()
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex("eval_transcripts_key").execute();
      await db.schema.alterTable("eval_transcripts").dropColumn("perturbation").execute();
      await db.schema.dropIndex("eval_results_key").execute();
      await db.schema.alterTable("eval_results").dropColumn("perturbation").execute();
      await db.schema.alterTable("evals").dropColumn("plan").execute();
      await db.schema.alterTable("evals").dropColumn("status").execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

// biome-ignore lint/suspicious/noExplicitAny: migrations work on any database, whatever its table types.
function migrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: "reins_migration",
    migrationLockTableName: "reins_migration_lock",
  });
}

/** Names of the migrations not yet applied to the database, in order. Reads only; creates nothing. */
// biome-ignore lint/suspicious/noExplicitAny: see migrator().
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

/**
 * Applies every pending migration, all or nothing, and returns the names applied. Safe when several processes
 * migrate one database at once: the others wait, then find nothing left to do and return `[]`.
 */
// biome-ignore lint/suspicious/noExplicitAny: see migrator().
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  try {
    if (isSqlite(db)) return await migrateSqlite(db);
    // Elsewhere (PostgreSQL) Kysely runs the migrations in one transaction under a lock of its own.
    return appliedNames(await migrator(db).migrateToLatest());
  } catch (error) {
    throw new SystemError({
      code: ErrorCode.StoreFailure,
      message: `migrating the Reins database failed: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
}

/**
 * Whether `db` talks to SQLite. By class name as well: the built package bundles its own Kysely, so a `Kysely` made
 * with the user's copy has a `SqliteAdapter` of another class.
 */
// biome-ignore lint/suspicious/noExplicitAny: see migrator().
function isSqlite(db: Kysely<any>): boolean {
  const adapter = db.getExecutor().adapter;
  return adapter instanceof SqliteAdapter || adapter.constructor.name === "SqliteAdapter";
}

/**
 * Kysely runs SQLite migrations outside any transaction (its adapter reports no transactional DDL), but SQLite has
 * it: one IMMEDIATE transaction makes the migration atomic and takes the write lock before the migration table is
 * read, so that a second process migrating at the same time waits (busy timeout) instead of failing half-way.
 */
// biome-ignore lint/suspicious/noExplicitAny: see migrator().
async function migrateSqlite(db: Kysely<any>): Promise<string[]> {
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const names = appliedNames(await migrator(connection).migrateToLatest());
      await sql`commit`.execute(connection);
      return names;
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
  });
}

function appliedNames({ error, results }: MigrationResultSet): string[] {
  if (error !== undefined) throw error;
  return (results ?? [])
    .filter((result) => result.status === "Success")
    .map((result) => result.migrationName);
}
