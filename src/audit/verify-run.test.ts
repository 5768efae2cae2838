import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/sqlite-store.js";
import { verifyRun } from "./verify-run.js";

let dir: string;
let path: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "reins-verify-run-"));
  path = join(dir, "reins.db");
  const store = await openSqliteStore({ path, migrate: true });
  for (const type of ["run.started", "tool.verdict", "run.ended"])
    await store.audit.append({ runId: "run-a", type, data: { type } });
  await store.audit.append({ runId: "run-b", type: "run.started", data: {} });
  await store.close();
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("verifyRun", () => {
  it("finds an intact run intact, reading its events", async () => {
    const store = await openSqliteStore({ path });
    const result = await verifyRun(store, "run-a");
    await store.close();
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.events.map((event) => event.type)).toEqual(["run.started", "tool.verdict", "run.ended"]);
  });

  it("names an edited event and a truncated chain of the run asked about, and only of it", async () => {
    const db = new BetterSqlite3(path);
    db.prepare("UPDATE audit_events SET data = ? WHERE run_id = 'run-a' AND seq = 2").run(
      '{"type":"edited"}',
    );
    db.prepare("DELETE FROM audit_events WHERE run_id = 'run-a' AND seq = 3").run();
    db.close();
    const store = await openSqliteStore({ path });
    const edited = await verifyRun(store, "run-a");
    const other = await verifyRun(store, "run-b");
    await store.close();
    expect(edited.ok).toBe(false);
    expect(edited.problems.map((p) => [p.seq, p.kind])).toEqual([
      [2, "edited"],
      [3, "truncated"],
    ]);
    expect(other.ok).toBe(true);
  });
});
