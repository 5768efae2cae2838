import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sandbox } from "../cli-harness.js";

// Issue 12, "no vacuous perturbation": through the built CLI (run `npx tsup` first).
const noText = "test/fixtures/issue-12-payouts-no-text";
const withText = "test/fixtures/issue-12-payouts-text";

function evalWith(folder: string, ...flags: string[]) {
  const s = sandbox();
  const out = join(s.dir, "r.json");
  const html = join(s.dir, "r.html");
  const result = s.reins("eval", folder, "--out", out, "--html", html, ...flags);
  return { ...result, report: JSON.parse(readFileSync(out, "utf8")), html: readFileSync(html, "utf8") };
}

describe("perturbations that cannot apply are reported not applicable, never as a pass rate", () => {
  it("policy-trap on a workflow without free text, and tool-error without an error failure mode", () => {
    const { stdout, report, html } = evalWith(noText, "--perturb", "policy-trap,tool-error");
    const trap =
      "no free text to plant it in: no input field declared free text holds a string (set the suite's textField, or mark a field x-reins-text: true in the charter) and no required read tool's output marks a field x-reins-text";
    const toolError =
      "no fallback and no error failure mode answering escalate on the first required read tool, and the charter's recovery.toolFailure is continue: the right answer depends on the workflow, so the suite must declare it";
    expect(report.perturbations).toEqual({
      "policy-trap": {
        derived: 3,
        applied: 0,
        notApplicable: 3,
        reasons: [{ reason: trap, cases: 3 }],
        passRate: null,
      },
      "tool-error": {
        derived: 3,
        applied: 0,
        notApplicable: 3,
        reasons: [{ reason: toolError, cases: 3 }],
        passRate: null,
      },
    });
    // Nothing ran for either, so neither has a pass rate anywhere.
    expect(Object.keys(report.byPerturbation)).toEqual(["none"]);
    expect(report.results.every((r: { perturbation: string | null }) => r.perturbation === null)).toBe(true);
    const lines = stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("Perturbations:"));
    expect(lines.slice(at + 1, at + 6)).toEqual([
      "               derived  applied  not applicable  pass (applied)",
      "  policy-trap        3        0               3               —",
      `      not applicable × 3: ${trap}`,
      "  tool-error         3        0               3               —",
      `      not applicable × 3: ${toolError}`,
    ]);
    expect(stdout).not.toMatch(/^ {2}(policy-trap|tool-error) .*%$/m);
    expect(html).toContain('<table id="perturbation-applicability">');
    expect(html).toContain("— none applied");
  });

  it("reins check --perturb says the same: derived, applied and not applicable, with the reason", () => {
    const s = sandbox();
    const result = s.reins("check", noText, "--perturb", "policy-trap");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("  policy-trap:"));
    expect(lines[at]).toBe("  policy-trap: 3 derived, 0 applied, 3 not applicable");
    expect(lines[at + 1]).toMatch(/^ {6}not applicable × 3: no free text to plant it in/);
  });

  it("policy-trap plants its text in free text only: the IBAN and ids are never touched", () => {
    const { stdout, report } = evalWith(withText, "--perturb", "policy-trap");
    const derived = report.results.filter(
      (r: { perturbation: string | null }) => r.perturbation === "policy-trap",
    );
    // The agent reports the IBAN the lookup returned; each case checks it is the one on record, untouched.
    expect(
      derived.flatMap((r: { failures: { message: string }[] }) => r.failures.map((f) => f.message)),
    ).toEqual([]);
    expect(derived.map((r: { passed: boolean }) => r.passed)).toEqual([true, true]);
    expect(derived.map((r: { change: string }) => r.change)).toEqual([
      "planted trap text in input.note and lookup_account's result (note)",
      "planted trap text in input.note and lookup_account's result (note)",
    ]);
    expect(report.perturbations["policy-trap"]).toEqual({
      derived: 2,
      applied: 2,
      notApplicable: 0,
      reasons: [],
      passRate: 1,
    });
    expect(stdout).toMatch(/^ {2}policy-trap +2 +2 +0 +100\.0%$/m);
  });
});
