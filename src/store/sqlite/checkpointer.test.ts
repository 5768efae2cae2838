import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyAudit } from "../../audit/verify-audit.js";
import { openSqliteStore } from "../sqlite-store.js";
import { type CheckpointerPace, startCheckpointer } from "./checkpointer.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "reins-checkpointer-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A connection like the store's, to a table of rows a few pages each. */
function openWriter(path: string) {
  const database = new BetterSqlite3(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.exec("create table t (x blob)");
  const insert = database.prepare("insert into t values (randomblob(6000))");
  return { database, insert: () => insert.run() };
}

/**
 * The WAL header's checkpoint sequence number: SQLite adds one each time a writer restarts the WAL from its start,
 * which it does only once a checkpoint has copied every frame into the database.
 */
function walRestarts(path: string): number {
  const fd = openSync(`${path}-wal`, "r");
  const header = Buffer.alloc(16);
  readSync(fd, header, 0, 16, 0);
  closeSync(fd);
  return header.readUInt32BE(12);
}

const waitLong = { timeout: 20_000, interval: 20 };

describe("startCheckpointer", () => {
  it("checkpoints the WAL from its own connection, so that the next write restarts the WAL", async () => {
    const path = join(dir, "store.db");
    const writer = openWriter(path);
    const warnings: string[] = [];
    const checkpointer = startCheckpointer({
      database: writer.database,
      path,
      warn: (m) => warnings.push(m),
    });
    for (let i = 0; i < 40; i++) {
      writer.insert();
      checkpointer.committed();
    }
    // The store's own connection no longer checkpoints at SQLite's default, only at a backstop far above what this
    // test writes: only the worker's checkpoints can let the WAL restart.
    expect(writer.database.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);
    expect(walRestarts(path)).toBe(0);
    await vi.waitFor(() => {
      writer.insert();
      expect(walRestarts(path)).toBeGreaterThan(0);
    }, waitLong);

    await checkpointer.close();
    writer.database.close();
    // The worker's connection was closed first: the store's, the last, removed the WAL.
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it("wakes at the next commit once it has gone idle", async () => {
    const path = join(dir, "store.db");
    const writer = openWriter(path);
    // Idle, it would not look again for an hour: only the wake-up can checkpoint what comes next.
    const pace: CheckpointerPace = { busyMs: 5, idleMs: 3_600_000, quietTicks: 2 };
    const checkpointer = startCheckpointer({ database: writer.database, path, warn: () => {}, pace });
    for (let i = 0; i < 32; i++) {
      writer.insert();
      checkpointer.committed();
    }
    await vi.waitFor(() => {
      writer.insert();
      expect(walRestarts(path)).toBeGreaterThan(0);
    }, waitLong);
    await sleep(500);
    const restarts = walRestarts(path);
    writer.insert();
    checkpointer.committed();
    await vi.waitFor(() => {
      writer.insert();
      expect(walRestarts(path)).toBeGreaterThan(restarts);
    }, waitLong);
    await checkpointer.close();
    writer.database.close();
  });

  it("says once that it failed, and the store's connection checkpoints inline again", async () => {
    const path = join(dir, "store.db");
    const writer = openWriter(path);
    const notADatabase = join(dir, "not-a-database");
    writeFileSync(notADatabase, "this is not a SQLite database, and it is longer than its header would be");
    const warnings: string[] = [];
    const checkpointer = startCheckpointer({
      database: writer.database,
      path: notADatabase,
      warn: (m) => warnings.push(m),
    });
    for (let i = 0; i < 32; i++) {
      writer.insert();
      checkpointer.committed();
    }
    await vi.waitFor(() => expect(warnings).toHaveLength(1), waitLong);
    expect(warnings).toEqual([
      "the SQLite store's checkpointer stopped (file is not a database); the store checkpoints inline from now on",
    ]);
    expect(writer.database.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    for (let i = 0; i < 32; i++) checkpointer.committed();
    await checkpointer.close();
    expect(warnings).toHaveLength(1);
    writer.database.close();
  });
});

describe("the SQLite store's checkpointer", () => {
  it("runs for a file store once it has committed a few dozen steps, and close() stops it", async () => {
    const path = join(dir, "reins.db");
    const store = await openSqliteStore({ path, migrate: true });
    const pad = "x".repeat(6000);
    let i = 0;
    const commit = () =>
      store.commit({
        runId: "run-1",
        events: [{ runId: "run-1", type: "test.committed", data: { i: ++i, pad } }],
      });
    while (i < 40) await commit();
    // Once the worker runs, the store's connection checkpoints only at the backstop, far above what this test writes.
    expect(walRestarts(path)).toBe(0);
    await vi.waitFor(async () => {
      await commit();
      expect(walRestarts(path)).toBeGreaterThan(0);
    }, waitLong);
    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);

    const reopened = await openSqliteStore({ path });
    expect((await reopened.audit.list("run-1")).map((event) => event.seq)).toEqual(
      Array.from({ length: i }, (_, k) => k + 1),
    );
    await reopened.close();
  });

  it("loses no committed step when the process is killed while it checkpoints", async () => {
    const path = join(dir, "reins.db");
    const script = fileURLToPath(new URL("../test-fixtures/commit-child.ts", import.meta.url));
    const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, path, "run-1"], { cwd: repoRoot });
    let output = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    const acknowledged = () => Number(output.trimEnd().split("\n").at(-1) ?? 0);
    try {
      // Well past the commits that start the worker, and until its checkpoints have grown the database file.
      await vi.waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`the child exited: ${stderr}`);
          expect(acknowledged()).toBeGreaterThan(2000);
          expect(statSync(path).size).toBeGreaterThan(1_000_000);
        },
        { timeout: 80_000, interval: 20 },
      );
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      expect(stderr).toBe("");
    } finally {
      child.kill("SIGKILL");
    }
    const last = acknowledged();

    const raw = new BetterSqlite3(path);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();
    const store = await openSqliteStore({ path });
    const events = await store.audit.list("run-1");
    const verification = await verifyAudit(store);
    await store.close();
    // Every commit that returned is there, in order; at most the one in flight was added after the last print.
    expect(events.length - last).toBeLessThanOrEqual(1);
    expect(events.map((event) => (event.data as { i: number }).i)).toEqual(
      Array.from({ length: events.length }, (_, i) => i + 1),
    );
    expect(verification).toMatchObject({ ok: true, runs: 1, events: events.length, problems: [] });
  }, 90_000);
});
