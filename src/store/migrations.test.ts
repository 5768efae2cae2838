import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { migrateToLatest, pendingMigrations } from "./migrations.js";

describe("migrateToLatest", () => {
  it("applies pending migrations once and reports what it applied", async () => {
    const database = new BetterSqlite3(":memory:");
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    expect(await pendingMigrations(db)).toEqual([
      "0001_initial",
      "0002_evals",
      "0003_run_calls_and_leases",
      "0004_eval_transcripts",
      "0005_store_chain",
      "0006_store_settings_and_entered_by",
      "0007_reviews",
      "0008_autonomy_certificates",
      "0009_eval_streaming",
    ]);
    expect(await migrateToLatest(db)).toEqual([
      "0001_initial",
      "0002_evals",
      "0003_run_calls_and_leases",
      "0004_eval_transcripts",
      "0005_store_chain",
      "0006_store_settings_and_entered_by",
      "0007_reviews",
      "0008_autonomy_certificates",
      "0009_eval_streaming",
    ]);
    expect(await pendingMigrations(db)).toEqual([]);
    expect(await migrateToLatest(db)).toEqual([]);
    const tables = database
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'reins_migration%' order by name",
      )
      .all();
    expect(tables).toEqual(
      [
        "actions",
        "approvals",
        "audit_events",
        "audit_heads",
        "audit_store_chain",
        "autonomy_certificates",
        "eval_results",
        "eval_transcripts",
        "evals",
        "facts",
        "model_cache",
        "reviews",
        "run_calls",
        "runs",
        "store_settings",
        "workflows",
      ].map((name) => ({ name })),
    );
    await db.destroy();
  });

  it("leaves nothing behind when a migration fails half-way", async () => {
    const database = new BetterSqlite3(":memory:");
    database.exec("create table facts (id text)");
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    await expect(migrateToLatest(db)).rejects.toMatchObject({
      code: "REINS_STORE",
      message: 'migrating the Reins database failed: table "facts" already exists',
    });
    const tables = database
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all();
    expect(tables).toEqual([{ name: "facts" }]);
    await db.destroy();
  });
});
