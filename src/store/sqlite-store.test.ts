import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyAudit } from "../audit/verify-audit.js";
import { ErrorCode } from "../errors/codes.js";
import { SystemError } from "../errors/reins-error.js";
import { rejectionOf } from "./contract/fixture.js";
import { openSqliteStore } from "./sqlite-store.js";
import { describeStoreContract } from "./store-contract.js";

describeStoreContract("SQLite", async ({ now }) => {
  const dir = mkdtempSync(join(tmpdir(), "reins-store-"));
  const store = await openSqliteStore({ path: join(dir, "reins.db"), migrate: true, now });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("openSqliteStore", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "reins-open-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses an unmigrated database unless asked to migrate, and says how to fix it", async () => {
    const path = join(dir, "reins.db");
    const error = await rejectionOf(openSqliteStore({ path }));
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message:
        `the Reins database at ${path} is not migrated (pending: 0001_initial, 0002_evals, 0003_run_calls_and_leases, 0004_eval_transcripts, 0005_store_chain, 0006_store_settings_and_entered_by, 0007_reviews, 0008_autonomy_certificates, 0009_eval_streaming); ` +
        "run migrations first: open it with `migrate: true` (the reins CLI does this)",
    });
    const raw = new BetterSqlite3(path);
    expect(raw.prepare("select name from sqlite_master where type = 'table'").all()).toEqual([]);
    raw.close();
  });

  it("refuses a URL instead of creating a folder named after its scheme", async () => {
    const error = await rejectionOf(openSqliteStore({ path: "postgres://u:pw@127.0.0.1/db", migrate: true }));
    expect(error).toMatchObject({
      code: ErrorCode.StoreUrlInvalid,
      message: "openSqliteStore was given a URL, not a file path: postgres://u:***@127.0.0.1/db",
    });
    expect(existsSync("postgres:")).toBe(false);
  });

  it("creates the folder, uses WAL, migrates once, and keeps data across openings", async () => {
    const path = join(dir, "nested", ".reins", "reins.db");
    const first = await openSqliteStore({ path, migrate: true });
    await first.audit.append({ runId: "run-1", type: "run.started", data: { input: 1 } });
    await first.close();

    const second = await openSqliteStore({ path, migrate: true });
    const third = await openSqliteStore({ path });
    expect((await third.audit.list("run-1")).map((event) => event.seq)).toEqual([1]);
    await second.close();
    await third.close();

    const raw = new BetterSqlite3(path);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(raw.prepare("select name from reins_migration").all()).toEqual([
      { name: "0001_initial" },
      { name: "0002_evals" },
      { name: "0003_run_calls_and_leases" },
      { name: "0004_eval_transcripts" },
      { name: "0005_store_chain" },
      { name: "0006_store_settings_and_entered_by" },
      { name: "0007_reviews" },
      { name: "0008_autonomy_certificates" },
      { name: "0009_eval_streaming" },
    ]);
    raw.close();
  });

  it("wraps database errors as a SystemError with the cause attached", async () => {
    const store = await openSqliteStore({ path: join(dir, "reins.db"), migrate: true });
    const run = {
      id: "run-1",
      charter: "c",
      charterVersion: "1",
      status: "running" as const,
      autonomy: "shadow",
      agent: "function:x",
      input: null,
      outcome: null,
      checkpoint: null,
    };
    await store.runs.create(run);
    const error = await rejectionOf(store.runs.create(run));
    await store.close();
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message: `the Reins store (SQLite ${join(dir, "reins.db")}) failed in runs.create: UNIQUE constraint failed: runs.id`,
      cause: { code: "SQLITE_CONSTRAINT_PRIMARYKEY" },
    });
  });

  it("saves an evaluation in one transaction: a failing batch of results leaves nothing behind", async () => {
    const path = join(dir, "reins.db");
    const store = await openSqliteStore({ path, migrate: true });
    // Result 700 sits in the second insert statement; its null case id breaks a NOT NULL constraint there.
    const results = Array.from({ length: 1_200 }, (_, i) => ({
      caseId: (i === 700 ? null : `case-${i}`) as string,
      trial: 0,
      passed: true,
      data: { i },
    }));
    const save = store.evals.save({
      id: "eval-1",
      suite: "s",
      agent: "function:x",
      startedAt: "2025-01-01T00:00:00.000Z",
      passed: true,
      report: {},
      results,
    });
    const error = await rejectionOf(save);
    const listed = await store.evals.list();
    await store.close();
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message: `the Reins store (SQLite ${path}) failed in evals.save: NOT NULL constraint failed: eval_results.case_id`,
    });
    expect(listed).toEqual([]);
    const raw = new BetterSqlite3(path);
    expect(raw.prepare("select count(*) as n from eval_results").get()).toEqual({ n: 0 });
    raw.close();
  });

  it("wraps a file that cannot be opened as a SystemError", async () => {
    const error = await rejectionOf(openSqliteStore({ path: dir, migrate: true }));
    expect(SystemError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: ErrorCode.StoreFailure,
      message: `the Reins store (SQLite ${dir}) failed in open: unable to open database file`,
    });
  });
});

const child = fileURLToPath(new URL("./test-fixtures/append-child.ts", import.meta.url));
const resultsChild = fileURLToPath(new URL("./test-fixtures/put-results-child.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A child process running `append-child.ts`, with its output collected. */
function spawnAppender(args: string[], script = child) {
  const process_ = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: repoRoot });
  const output = { stdout: "", stderr: "" };
  process_.stdout.on("data", (chunk) => {
    output.stdout += chunk;
  });
  process_.stderr.on("data", (chunk) => {
    output.stderr += chunk;
  });
  const ready = waitFor(process_, () => output.stdout.includes("ready\n"));
  const exited = new Promise<number | null>((resolve) => process_.on("close", (code) => resolve(code)));
  return { process: process_, output, ready, exited };
}

function waitFor(process_: ChildProcessWithoutNullStreams, condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    process_.stdout.on("data", () => condition() && resolve());
    process_.on("close", () =>
      condition() ? resolve() : reject(new Error("the child exited before ready")),
    );
  });
}

describe("openSqliteStore with two processes", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "reins-procs-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps one intact chain when two processes migrate and append to the same run at once", async () => {
    const path = join(dir, "reins.db");
    const children = ["a", "b"].map((worker) => spawnAppender([path, "run-1", worker, "200"]));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.process.stdin.write("go\n");
    const codes = await Promise.all(children.map((c) => c.exited));

    expect(children.map((c) => c.output)).toEqual([
      { stdout: "ready\ndone\n", stderr: "" },
      { stdout: "ready\ndone\n", stderr: "" },
    ]);
    expect(codes).toEqual([0, 0]);
    const store = await openSqliteStore({ path });
    const events = await store.audit.list("run-1");
    const verification = await verifyAudit(store);
    await store.close();

    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    const byWorker = (worker: string) =>
      events
        .filter((event) => (event.data as { worker: string }).worker === worker)
        .map((event) => event.data);
    expect(byWorker("a")).toEqual(Array.from({ length: 200 }, (_, i) => ({ worker: "a", i: i + 1 })));
    expect(byWorker("b")).toEqual(Array.from({ length: 200 }, (_, i) => ({ worker: "b", i: i + 1 })));
    expect(verification).toEqual({
      ok: true,
      runs: 1,
      events: 400,
      storeEntries: 0,
      certificates: 0,
      keyed: 0,
      unchecked: 0,
      problems: [],
    });
  });

  it("writes each result of an evaluation once when two processes put overlapping batches at once", async () => {
    const path = join(dir, "reins.db");
    const setup = await openSqliteStore({ path, migrate: true });
    await setup.evals.begin({
      id: "eval-1",
      suite: "s",
      agent: "function:x",
      startedAt: "2025-01-01T00:00:00.000Z",
      plan: {},
    });
    await setup.close();
    const children = ["a", "b"].map((worker) => spawnAppender([path, "eval-1", worker, "300"], resultsChild));
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.process.stdin.write("go\n");
    const codes = await Promise.all(children.map((c) => c.exited));
    expect(codes).toEqual([0, 0]);
    expect(children.map((c) => c.output.stderr)).toEqual(["", ""]);
    const added = children.map((c) => Number(/done (\d+)/.exec(c.output.stdout)?.[1]));
    expect(added[0]! + added[1]!).toBe(300);

    const store = await openSqliteStore({ path });
    const results = await store.evals.results("eval-1");
    const [summary] = await store.evals.list();
    await store.close();
    expect(results.map((r) => r.caseId).sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `case-${i}`).sort(),
    );
    expect(summary).toMatchObject({ resultCount: 300, status: "running" });
  });
});
