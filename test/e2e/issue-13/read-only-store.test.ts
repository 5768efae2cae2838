// Issue 13: "a read-only store cannot be inspected": `audit verify` and `approvals list` failed on a read-only copy,
// because opening always migrated (a write). The copy here is made immutable with chattr +i, which holds even for
// root (tests run as root in CI); a machine where chattr is refused fails this test loudly rather than skipping it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

const immutable: string[] = [];
afterEach(() => {
  for (const file of immutable.splice(0)) execFileSync("chattr", ["-i", file]);
});

describe("a read-only copy of the store", () => {
  it("can be verified and listed; nothing tries to write it", () => {
    const s = sandbox();
    const input = s.input("input.json", { steps: 1 });
    expect(s.reins("run", "test/fixtures/effects-workflow", "--input", input).code).toBe(0);
    // A consistent copy (the WAL folded in), then made unwritable.
    const copy = join(s.dir, "copy.db");
    const source = new Database(s.store);
    source.exec(`vacuum into '${copy}'`);
    source.close();
    execFileSync("chattr", ["+i", copy]);
    immutable.push(copy);

    const verify = s.reins("audit", "verify", "--store", copy);
    expect(verify.stderr).toBe("");
    expect(verify.stdout).toMatch(/^audit log intact: \d+ events in 1 chains/);
    expect(verify.code).toBe(0);
    const list = s.reins("approvals", "list", "--store", copy);
    expect(list.stderr).toBe("");
    expect(list.stdout).toBe("no pending approvals\n");
    expect(list.code).toBe(0);
  });

  it("is never created by a command that only reads: a mistyped store is a located error, exit 2", () => {
    const s = sandbox();
    const typo = join(s.dir, "reins.bd");
    for (const args of [
      ["audit", "verify"],
      ["audit", "show", "run-1"],
      ["approvals", "list"],
      ["workflow", "status", "test/fixtures/effects-workflow"],
    ]) {
      const result = s.reins(...args, "--store", typo);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.split("\n")[0]).toBe(
        `${typo} no Reins store at ${typo} (--store): nothing has been recorded there`,
      );
      expect(existsSync(typo), args.join(" ")).toBe(false);
    }
  });
});
