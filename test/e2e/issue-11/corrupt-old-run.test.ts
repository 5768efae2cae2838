// Issue 11, finding 8: a corrupt old run row made a new run report failure after its action ran (the kill-switch
// check after the run reads recent runs: `failed … [REINS_STORE]`, exit 1, yet the effect happened). Whatever
// happens after an action, the result reported must say the run completed and the action ran.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

const workflow = "test/fixtures/effects-workflow";

describe("a corrupt row of an earlier run", () => {
  it("does not turn a new run whose action ran into a reported failure", () => {
    const s = sandbox();
    const input = s.input("in.json", { steps: 1 });
    expect(s.reins("run", workflow, "--input", input, "--run-id", "old-1").code).toBe(0);

    const db = new Database(s.store);
    db.prepare("update runs set outcome = ? where id = ?").run("{not json", "old-1");
    db.close();

    const run = s.reins("run", workflow, "--input", input, "--run-id", "new-1");
    // The kill switch's trouble reading old runs may be reported on stderr as a warning; the result is what happened.
    expect({ code: run.code, stdout: run.stdout.split("\n").slice(0, 3) }).toEqual({
      code: 0,
      stdout: [
        "run new-1: completed",
        "outcome: decision done, confidence 1",
        "tool calls: record_step executed",
      ],
    });
    expect(run.stdout).toMatch(
      /^warning: the workflow's kill switch could not be assessed after this run: .*runs\.list/m,
    );
    const effects = readFileSync(s.effects, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { key: string }).key);
    expect(effects).toEqual(["old-1:call-1", "new-1:call-1"]);
  });
});
