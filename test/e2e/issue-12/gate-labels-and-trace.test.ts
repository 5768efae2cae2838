import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, type Sandbox, sandbox } from "../cli-harness.js";

// Built CLI (`npx tsup`). The fixture's suite answers approvals with `approve`, so only its gate labels can show
// that the gate asked; `small-payment-mislabelled` labels an approval the policy never asks for, on every trial.
const suite = "test/fixtures/approval-suite";
const secret = "sk-live-abcdefghijklmnopqrstuvwx";
const iban = "DE89370400440532013000";

interface Result {
  caseId: string;
  trial: number;
  passed: boolean;
  scores: Record<string, number>;
  failures: { category: string; message: string }[];
  toolCalls: {
    toolName: string;
    verdict?: string;
    resolution?: string;
    approval?: { status: string; decidedBy: string };
  }[];
}

describe("gate labels and traced evaluations (issue 12)", () => {
  let s: Sandbox;
  let run: ReturnType<Sandbox["reins"]>;
  let results: Result[];
  let evalId: string;
  let page: string;

  beforeAll(() => {
    s = sandbox();
    const out = join(s.dir, "r.json");
    const html = join(s.dir, "r.html");
    run = s.reins("eval", suite, "--trials", "3", "--trace", "--out", out, "--html", html);
    results = JSON.parse(readFileSync(out, "utf8")).results;
    evalId = /eval id: (eval_\S+)/.exec(run.stdout)?.[1] ?? "";
    page = readFileSync(html, "utf8");
  });

  it("passes a case whose labelled call the gate asked approval for, though approvals were granted", () => {
    const large = results.filter((r) => r.caseId === "large-payment");
    expect(large.map((r) => [r.trial, r.passed, r.scores.policyCompliance])).toEqual([
      [1, true, 1],
      [2, true, 1],
      [3, true, 1],
    ]);
    expect(large[0]?.toolCalls).toMatchObject([
      { toolName: "lookup_invoice", verdict: "allow", resolution: "allowed" },
      {
        toolName: "pay_invoice",
        verdict: "require-approval",
        resolution: "approved",
        approval: { status: "approved", decidedBy: "reins-eval" },
      },
    ]);
    // A labelled denial is the gate doing its job.
    const close = results.filter((r) => r.caseId === "close-account");
    expect(close.every((r) => r.passed)).toBe(true);
    expect(close[0]?.toolCalls[2]).toMatchObject({
      toolName: "delete_account",
      verdict: "deny",
      resolution: "denied",
    });
  });

  it("fails a case whose labelled call the gate did not ask for, and a labelled tool never called (exit 1)", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const mislabelled = results.filter((r) => r.caseId === "small-payment-mislabelled");
    expect(mislabelled).toHaveLength(3);
    for (const r of mislabelled) {
      expect(r.passed).toBe(false);
      expect(r.failures).toEqual([
        {
          category: "policyCompliance",
          message:
            "expected the gate to ask approval for pay_invoice (call 1), but it allowed it without asking",
        },
        {
          category: "policyCompliance",
          message: "expected the gate to deny delete_account, but delete_account was never called",
        },
      ]);
    }
  });

  it("prints the eval id, and `reins show` prints a trial's tool calls, verdicts, outputs and world changes", () => {
    expect(evalId).toMatch(/^eval_[a-z0-9]+_[0-9a-f]{6}$/);
    expect(run.stdout).toContain(`transcripts kept: reins show ${evalId} <caseId> [--trial n]`);
    const shown = s.reins("show", evalId, "large-payment", "--trial", "2");
    expect(shown.stderr).toBe("");
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split("\n");
    expect(lines[0]).toBe(`Trial 2 of case large-payment (eval ${evalId}): passed`);
    expect(lines).toEqual(
      expect.arrayContaining([
        "Model messages: none (a function agent ran)",
        "Tool calls (2)",
        "  2. pay_invoice  call-2",
        '     input    {"invoiceId":"INV-1","amount":5000}',
        "     verdict  require-approval → approved by reins-eval",
        "       - large-payments-need-approval POLICY_APPROVAL: A payment over 1,000 needs a human's approval.",
        "       note: evaluation: the suite answers approvals with approve",
        "     status   executed",
        '     output   {"ok":true}',
        "World changes (1)",
        "  invoices.INV-1.paid: false → true",
      ]),
    );
    expect(shown.stdout).toMatch(
      /\n {2}#10 approval\.decided {2}appr_\w+ approved by reins-eval: "evaluation: the suite answers approvals with approve"\n/,
    );
    // Without --trial: the first failed trial of the case.
    const failing = s.reins("show", evalId, "small-payment-mislabelled");
    expect(failing.code).toBe(0);
    expect(failing.stdout).toContain(`Trial 1 of case small-payment-mislabelled (eval ${evalId}): failed`);
    expect(failing.stdout).toContain(
      "    - policyCompliance: expected the gate to ask approval for pay_invoice (call 1), but it allowed it without asking",
    );
  });

  it("stores no secret or redacted field in clear", () => {
    const shown = s.reins("show", evalId, "large-payment");
    expect(shown.stdout).toContain('"apiToken":"[REDACTED]","iban":"[REDACTED]"');
    const db = new BetterSqlite3(s.store, { readonly: true });
    const rows = db.prepare("select data from eval_transcripts").all() as { data: string }[];
    db.close();
    expect(rows).toHaveLength(9);
    for (const { data } of rows) {
      expect(data).not.toContain(secret);
      expect(data).not.toContain(iban);
    }
  });

  it("groups a case's repeated failures in the HTML report and links each to its transcript", () => {
    const failures = page.slice(
      page.indexOf('<table id="failures">'),
      page.indexOf("</table>", page.indexOf('<table id="failures">')),
    );
    const rows = failures.split("<tr>").slice(2);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(
      '<td class="case">small-payment-mislabelled</td><td class="num">3/3 trials</td>',
    );
    expect(rows[0]?.match(/expected the gate to ask approval for pay_invoice/g)).toHaveLength(1);
    for (const trial of [1, 2, 3]) {
      expect(rows[0]).toContain(
        `<a href="#transcript-small-payment-mislabelled-${trial}">trial ${trial}</a>`,
      );
      expect(page).toContain(
        `<details class="transcript" id="transcript-small-payment-mislabelled-${trial}" open>`,
      );
    }
    expect(rows[0]).toContain(`<code>reins show ${evalId} small-payment-mislabelled --trial n</code>`);
    // Passing trials are not embedded.
    expect(page).not.toContain('id="transcript-large-payment-');
  });

  it("answers an unknown eval, case or trial, and an eval without --trace, with a located error (exit 2)", () => {
    const unknownEval = s.reins("show", "eval_nope", "large-payment");
    expect(unknownEval.code).toBe(2);
    expect(unknownEval.stderr).toBe(
      `${s.store} <evalId>: no evaluation "eval_nope" in this store\nhint: recent evaluations: ${evalId}\n`,
    );
    const unknownCase = s.reins("show", evalId, "large-paymnt");
    expect(unknownCase.code).toBe(2);
    expect(unknownCase.stderr).toContain(`<caseId>: evaluation ${evalId} has no case "large-paymnt"`);
    expect(unknownCase.stderr).toContain(
      "hint: its cases: close-account, large-payment, small-payment-mislabelled",
    );
    const unknownTrial = s.reins("show", evalId, "large-payment", "--trial", "4");
    expect(unknownTrial.code).toBe(2);
    expect(unknownTrial.stderr).toContain("--trial: case large-payment has no trial 4");

    const plain = s.reins(
      "eval",
      suite,
      "--out",
      join(s.dir, "plain.json"),
      "--html",
      join(s.dir, "plain.html"),
    );
    const plainId = /eval id: (eval_\S+)/.exec(plain.stdout)?.[1] ?? "";
    expect(plain.stdout).not.toContain("transcripts kept");
    const untraced = s.reins("show", plainId, "large-payment");
    expect(untraced.code).toBe(2);
    expect(untraced.stderr).toContain(
      `evaluation ${plainId} was run without --trace: it kept no transcripts`,
    );
    expect(readFileSync(join(s.dir, "plain.html"), "utf8")).toContain(
      "no transcript kept: run the eval with --trace",
    );
  });

  describe("a label that names no tool, or no verdict", () => {
    // Inside the repository, so that the copy's `import … from "reins"` resolves as the fixture's does.
    const dir = mkdtempSync(join(root, "test/fixtures/.tmp-gate-labels-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("is a located error naming the case and the nearest tool (exit 2)", () => {
      cpSync(join(root, suite), dir, { recursive: true });
      writeFileSync(
        join(dir, "cases/payments.yaml"),
        [
          "- id: typo",
          "  kind: success",
          "  impact: low",
          "  input: { invoiceId: INV-1, amount: 5000 }",
          "  expect:",
          "    decision: paid",
          "    gate:",
          "      - { tool: pay_invoce, verdict: require-approval }",
          "",
        ].join("\n"),
      );
      const result = sandbox().reins("eval", dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `cases/payments.yaml:8:17 [0] (case "typo") expect.gate[0].tool: unknown tool "pay_invoce" (did you mean pay_invoice?); known tools: lookup_invoice, pay_invoice, delete_account`,
      );
      writeFileSync(
        join(dir, "cases/payments.yaml"),
        [
          "- id: bad-verdict",
          "  kind: success",
          "  impact: low",
          "  input: { invoiceId: INV-1, amount: 5000 }",
          "  expect:",
          "    gate:",
          "      - { tool: pay_invoice, verdict: ask }",
          "",
        ].join("\n"),
      );
      const verdict = sandbox().reins("eval", dir);
      expect(verdict.code).toBe(2);
      expect(verdict.stderr).toMatch(
        /cases\/payments\.yaml:7:\d+ \[0\] \(case "bad-verdict"\) expect\.gate\[0\]\.verdict: .*allow.*require-approval.*deny/,
      );
    });
  });
});
