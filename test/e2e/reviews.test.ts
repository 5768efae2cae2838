// Issue 14, item 1: `reins review list | show | record` through the built CLI. Reviews are append-only (two
// reviewers of one run are both kept), the correction is checked against the charter (a bad decision is exit 2 with
// a suggestion, nothing recorded), and each review is an audit event that `audit verify` finds intact.
import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { type Sandbox, sandbox } from "./cli-harness.js";

const workflow = "test/fixtures/effects-workflow";
const me = userInfo().username;

function run(s: Sandbox, runId: string, autonomy: string, steps = 1): void {
  const result = s.reins(
    "run",
    workflow,
    "--input",
    s.input(`${runId}.json`, { steps }),
    "--run-id",
    runId,
    "--autonomy",
    autonomy,
  );
  expect(result.code, result.stderr).toBe(0);
}

describe("reins review", () => {
  it("lists the runs with proposals, records approved, edited and rejected reviews, and keeps two reviewers", () => {
    const s = sandbox();
    run(s, "run-a", "draft");
    run(s, "run-b", "draft", 2);
    run(s, "run-c", "draft");
    const listed = s.reins("review", "list");
    expect(listed.code, listed.stderr).toBe(0);
    for (const id of ["run-a", "run-b", "run-c"])
      expect(listed.stdout).toMatch(new RegExp(`^${id}  effects  .*proposal`, "m"));

    expect(s.reins("review", "record", workflow, "run-a", "--outcome", "approved").code).toBe(0);
    const edited = s.reins(
      "review",
      "record",
      workflow,
      "run-b",
      "--outcome",
      "edited",
      "--decision",
      "skipped",
      "--error-type",
      "poor_prioritisation",
      "--root-cause",
      "prompt",
      "--priority",
      "high",
      "--note",
      "two steps were one too many; key sk-abcdefghijklmnopqrstuvwx1234",
    );
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toMatch(/^recorded review rev_\S+ of run run-b: edited by /m);
    expect(
      s.reins("review", "record", workflow, "run-c", "--outcome", "rejected", "--error-type", "wrong_tool")
        .code,
    ).toBe(0);

    // Reviewed runs leave the queue, and come back with --all.
    expect(s.reins("review", "list").stdout).toBe("no runs waiting for review\n");
    expect(s.reins("review", "list", "--all").stdout).toMatch(/^run-b .*proposal {2}\(1 review\)$/m);

    // A second reviewer of run-b (here: the same OS user under delegation), and both are kept.
    expect(s.reins("store", "config", "set", "delegation", "allow").code).toBe(0);
    expect(s.reins("review", "record", workflow, "run-b", "--outcome", "approved", "--by", "bo").code).toBe(
      0,
    );
    const shown = s.reins("review", "show", "run-b");
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("run-b");
    expect(shown.stdout).toContain("review.recorded");
    // The trace summarises the review event instead of dumping its JSON.
    expect(shown.stdout).toMatch(/review\.recorded +rev_\S+ approved by bo \(entered by /);
    expect(shown.stdout).toContain("reviews (2)");
    expect(shown.stdout).toMatch(
      new RegExp(`edited {2}by ${me} .*poor_prioritisation, prompt, priority high`),
    );
    expect(shown.stdout).toContain('correction: {"decision":"skipped"}');
    expect(shown.stdout).toMatch(new RegExp(`approved {2}by bo \\(entered by ${me}\\)`));
    expect(shown.stdout).not.toContain("sk-abcdefghijklmnopqrstuvwx1234");
    expect(shown.stdout).toMatch(
      new RegExp(
        `ground truth: rev_\\S+ \\(the latest review\\); reviewers disagree: bo approved, ${me} edited:skipped`,
      ),
    );

    // Reviewer agreement: bo also reviews run-a (approved, as the OS user did) and run-c (rejected, likewise).
    // Shared runs 3; labels: OS user approved, edited:skipped, rejected; bo approved, approved, rejected.
    // p_o = 2/3; p_e = 1/3·2/3 (approved) + 1/3·0 (edited:skipped) + 1/3·1/3 (rejected) = 1/3;
    // κ = (2/3 − 1/3) / (1 − 1/3) = 0.5.
    for (const [runId, outcome] of [
      ["run-a", "approved"],
      ["run-c", "rejected"],
    ] as const)
      expect(s.reins("review", "record", workflow, runId, "--outcome", outcome, "--by", "bo").code).toBe(0);
    const [first, second] = ["bo", me].sort() as [string, string];
    expect(s.reins("review", "agreement").stdout).toBe(
      `${first} × ${second}  3 shared runs  agreement 66.7%  κ 0.500\n`,
    );
    expect(s.reins("review", "agreement", "--since", "yesterday")).toMatchObject({ code: 2, stdout: "" });

    const verified = s.reins("audit", "verify");
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  });

  it("refuses a bad decision, an unknown term and an edit without a correction with exit 2, located, recording nothing", () => {
    const s = sandbox();
    run(s, "run-x", "draft");
    const bad = s.reins("review", "record", workflow, "run-x", "--outcome", "edited", "--decision", "skiped");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("correction.decision");
    expect(bad.stderr).toContain('"skiped" is not a decision of charter effects (did you mean skipped?)');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const term = s.reins(
      "review",
      "record",
      workflow,
      "run-x",
      "--outcome",
      "rejected",
      "--root-cause",
      "prompts",
    );
    expect(term.code).toBe(2);
    expect(term.stderr).toContain("(did you mean prompt?)");
    const noCorrection = s.reins("review", "record", workflow, "run-x", "--outcome", "edited");
    expect(noCorrection.code).toBe(2);
    expect(noCorrection.stderr).toContain("an edited review needs the correction");
    const unknown = s.reins("review", "record", workflow, "run-nope", "--outcome", "approved");
    expect(unknown.code).toBe(2);
    expect(s.reins("review", "show", "run-x").stdout).toContain("no reviews yet");
    expect(s.reins("review", "list").stdout).toMatch(/^run-x /m);
  });
});
