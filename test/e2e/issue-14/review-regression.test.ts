// Issue 14, item 2: an edited or rejected review becomes a red-team case by itself, and the next `reins eval` runs
// and scores it. Before, `reins review record` wrote nothing to the red-team library and the next eval ran only the
// suite's own cases.
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { root, type Sandbox, sandbox } from "../cli-harness.js";

const outage = {
  ticketId: "T-1",
  email: "ops@bigco.com",
  subject: "Production",
  body: "Our dashboard is down for everyone.",
};

/** A copy of the mini suite that `reins run` can run: its tools get the suite's base world. */
function suiteCopy(s: Sandbox): string {
  const dir = join(s.dir, "suite");
  cpSync(join(root, "test/fixtures/mini-suite"), dir, { recursive: true });
  appendFileSync(
    join(dir, "tools.ts"),
    `\nexport function createEnv(): TicketWorld {\n  return { customers: { "ops@bigco.com": { plan: "enterprise", openTickets: 2 } }, tickets: { "T-1": { priority: null } }, replies: [] };\n}\n`,
  );
  return dir;
}

function run(s: Sandbox, suite: string, runId: string): void {
  const result = s.reins("run", suite, "--input", s.input(`${runId}.json`, outage), "--run-id", runId);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
}

describe("review → red-team case", () => {
  it("an edited and a rejected review each add a case, once per run, and the next eval scores both", () => {
    const s = sandbox();
    const suite = suiteCopy(s);
    run(s, suite, "run-e");
    run(s, suite, "run-r");
    run(s, suite, "run-a");

    const edited = s.reins(
      "review",
      "record",
      suite,
      "run-e",
      "--outcome",
      "edited",
      "--decision",
      "p2",
      "--field",
      "team=billing",
      "--root-cause",
      "prompt",
      "--error-type",
      "poor_prioritisation",
    );
    expect({ code: edited.code, stderr: edited.stderr }).toEqual({ code: 0, stderr: "" });
    const file = join(suite, "redteam", "rt-review-run-e.yaml");
    expect(edited.stdout).toContain(
      `red-team case rt-review-run-e added: ${file}; it runs with every eval from now on`,
    );
    const written = parse(readFileSync(file, "utf8"));
    expect(written.input).toEqual(outage);
    expect(written.expect).toMatchObject({ decision: "p2", fields: { team: "billing" } });
    expect(written.redteam).toMatchObject({
      runId: "run-e",
      rootCause: "prompt",
      actual: {
        outcome: { type: "decision", decision: "p1", team: "support" },
        toolCalls: ["lookup_customer executed", "set_priority executed"],
      },
    });
    expect(written.redteam.reviewId).toMatch(/^rev_/);
    expect(written.redteam.world).toContain("base world");

    const rejected = s.reins(
      "review",
      "record",
      suite,
      "run-r",
      "--outcome",
      "rejected",
      "--error-type",
      "wrong_tool",
    );
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(
      parse(readFileSync(join(suite, "redteam", "rt-review-run-r.yaml"), "utf8")).expect.tools.forbidden,
    ).toEqual(["set_priority"]);
    // An approved review adds nothing.
    expect(s.reins("review", "record", suite, "run-a", "--outcome", "approved").stdout).not.toContain(
      "red-team",
    );

    // A second review of run-e keeps the one case as it was.
    const before = readFileSync(file, "utf8");
    const again = s.reins("review", "record", suite, "run-e", "--outcome", "edited", "--decision", "p3");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("red-team case rt-review-run-e already in the library");
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readdirSync(join(suite, "redteam")).sort()).toEqual([
      "rt-review-run-e.yaml",
      "rt-review-run-r.yaml",
    ]);

    const out = join(s.dir, "r.json");
    const evaluated = s.reins("eval", suite, "--out", out, "--html", join(s.dir, "r.html"));
    expect(evaluated.stderr).toBe("");
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.byKind.redteam).toMatchObject({ cases: 2, trials: 2 });
    const scored = report.results.filter((r: { redteam: boolean }) => r.redteam);
    // The baseline still answers p1/support and sets the priority: both regressions fail, as they should.
    expect(scored.map((r: { caseId: string; passed: boolean }) => [r.caseId, r.passed]).sort()).toEqual([
      ["rt-review-run-e", false],
      ["rt-review-run-r", false],
    ]);
    expect(evaluated.code).toBe(1);
  });

  it("a run whose input was stored redacted makes a case marked not runnable, which the eval skips and counts", () => {
    const s = sandbox();
    const suite = suiteCopy(s);
    appendFileSync(join(suite, "charter.yaml"), "redact: [email]\n");
    run(s, suite, "run-s");
    const edited = s.reins("review", "record", suite, "run-s", "--outcome", "edited", "--decision", "p2");
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain("not runnable yet (evals skip it, counted)");
    const written = parse(readFileSync(join(suite, "redteam", "rt-review-run-s.yaml"), "utf8"));
    expect(written.input.email).toBe("[REDACTED]");
    expect(written.redteam.redactedInput).toEqual(["email"]);
    const out = join(s.dir, "r.json");
    const evaluated = s.reins("eval", suite, "--out", out, "--html", join(s.dir, "r.html"));
    expect(evaluated.stdout).toContain(
      "1 red-team case not runnable, skipped (never a pass):\n  rt-review-run-s: the run's input was stored redacted (email)",
    );
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.byKind.redteam).toBeUndefined();
    expect(report.results.some((r: { caseId: string }) => r.caseId === "rt-review-run-s")).toBe(false);

    // The run's real input, given back, is checked against the run before it makes the case runnable.
    const other = s.input("other.json", { ...outage, email: "someone@else.com" });
    const refused = s.reins("redteam", "from-review", suite, "run-s", "--input", other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "--input: not the input run run-s started with (its redacted form or its salted hash differs from the run's)",
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const given = s.reins("redteam", "from-review", suite, "run-s", "--input", join(s.dir, "run-s.json"));
    expect({ code: given.code, stderr: given.stderr }).toEqual({ code: 0, stderr: "" });
    expect(given.stdout).toContain("red-team case rt-review-run-s added");
    const runnable = parse(readFileSync(join(suite, "redteam", "rt-review-run-s.yaml"), "utf8"));
    expect(runnable.input).toEqual(outage);
    expect(runnable.redteam.notRunnable).toBeUndefined();
    const again = s.reins("eval", suite, "--out", out, "--html", join(s.dir, "r.html"));
    expect(again.stdout).not.toContain("not runnable");
    const rerun = JSON.parse(readFileSync(out, "utf8"));
    expect(rerun.byKind.redteam).toMatchObject({ cases: 1, trials: 1 });
  });

  it("a red-team folder that cannot be written is exit 2, located, and the review is kept", () => {
    const s = sandbox();
    const suite = suiteCopy(s);
    run(s, suite, "run-w");
    writeFileSync(join(suite, "redteam"), "not a folder");
    const edited = s.reins("review", "record", suite, "run-w", "--outcome", "edited", "--decision", "p2");
    expect(edited.code).toBe(2);
    expect(edited.stderr).toContain(`${join(suite, "redteam")} is a file, not a folder`);
    expect(edited.stderr).toContain(join(suite, "redteam", "rt-review-run-w.yaml"));
    expect(edited.stderr).toContain("the review was recorded, its red-team case was not");
    expect(edited.stderr).not.toMatch(/\n\s+at /);
    expect(s.reins("review", "show", "run-w").stdout).toContain("reviews (1)");
    // Once the folder is fixed, the case is written from the review already recorded.
    rmSync(join(suite, "redteam"));
    const fixed = s.reins("redteam", "from-review", suite, "run-w");
    expect({ code: fixed.code, stderr: fixed.stderr }).toEqual({ code: 0, stderr: "" });
    expect(fixed.stdout).toContain("red-team case rt-review-run-w added");
  });
});
