import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root, sandbox } from "./cli-harness.js";

// The built CLI (run `npx tsup` first) with a run long enough to start the SQLite store's checkpointer thread.
describe("the SQLite store's checkpointer, from the built CLI", () => {
  it("starts from dist/, never warns, and is joined before the process exits", () => {
    expect(existsSync(join(root, "dist", "sqlite-checkpoint-worker.js"))).toBe(true);
    const s = sandbox();
    if (!s.store.endsWith(".db")) return; // REINS_E2E_STORE=postgres: no SQLite file to checkpoint
    const input = s.input("in.json", { steps: 100 });
    const run = s.reins("run", "test/fixtures/effects-workflow", "--input", input, "--run-id", "long-1");
    // A worker file missing from dist/ or failing would be a process warning on stderr; a close() that did not keep
    // the event loop alive while it joined the worker would end the process with code 13 (a pending top-level await).
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(run.stdout.split("\n")[0]).toBe("run long-1: completed");
    // The store's connection closed last: it checkpointed and removed the WAL.
    expect(existsSync(`${s.store}-wal`)).toBe(false);
    expect(s.reins("audit", "verify").code).toBe(0);
  });
});
