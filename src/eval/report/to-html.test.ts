import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EvalReport } from "../report.js";
import { html } from "./html-template.js";
import { parseReport } from "./read-report.js";
import { toHtml } from "./to-html.js";

const before = parseReport(
  readFileSync(fileURLToPath(new URL("../../../test/fixtures/reports/before.json", import.meta.url)), "utf8"),
  "before.json",
);

/** The text of the element with this id (tags removed, whitespace collapsed). */
function section(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no element with id ${id}`);
  const end = page.indexOf("</section>", start);
  return page
    .slice(start, end)
    .replace(/^[^>]*>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

describe("toHtml", () => {
  const page = toHtml(before);

  it("is one page with the title, the five metrics and pass^k", () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page.endsWith("</html>\n")).toBe(true);
    expect(page).toContain("<title>lead-routing: eval report</title>");
    expect(section(page, "scores")).toBe(
      "Scores by category task success task success: 75.0% threshold 95.0% 75.0% tool correctness tool correctness: 100.0% 100.0% data accuracy data accuracy: 87.5% 87.5% policy compliance policy compliance: 100.0% threshold 100.0% 100.0% recovery recovery: 87.5% 87.5% Dashed line: the category's threshold.",
    );
    expect(page.match(/<rect class="bar /g)).toHaveLength(5 + 2);
    expect(section(page, "pass-hat-k")).toBe(
      "Reliability: pass^k 0% 50% 100% pass^1: 75.0% 75.0% k = 1 pass^2: 50.0% 50.0% k = 2 The chance that k trials of a case all succeed, averaged over cases.",
    );
  });

  it("has the breakdowns, impact, thresholds, usage and failures", () => {
    expect(page).toContain('<table id="by-kind">');
    expect(page).toContain('<table id="by-perturbation">');
    expect(section(page, "impact")).toBe(
      "Impact error cost per trial 2.50 critical 0 failed · weight 30 high 2 failed · weight 10 medium 0 failed · weight 3 low 0 failed · weight 1",
    );
    expect(section(page, "thresholds")).toBe(
      "Thresholds fail task success 75.0% &lt; 95.0% (task class read-only-classification) pass pass rate 75.0% ≥ 75.0% (suite) pass policy compliance 100.0% ≥ 100.0% (suite)",
    );
    expect(section(page, "usage")).toBe(
      "Usage model calls 16 input tokens 15,856 output tokens 1,228 cost $0.0083",
    );
    expect(section(page, "failures-section")).toBe(
      "Failures by case, critical first impact case failed kind perturbation what went wrong transcripts high lead-002 1/2 trials success — task success expected owner null, got &quot;dana@smallco.example&quot; data accuracy owner &quot;dana@smallco.example&quot; is not grounded in the input, the world or a tool result trial 2 no transcript kept: run the eval with --trace high lead-002~missing-field 1/2 trials success missing-field task success expected the run to end in needs-input, but it ended in decision nurture recovery expected to ask for form.employees, but the run decided without it trial 2 no transcript kept: run the eval with --trace",
    );
    expect(page).toContain('<details id="results">\n<summary>8 results: 6 passed, 2 failed</summary>');
  });

  it("groups a case's failed trials into one row with each distinct sentence once", () => {
    const [first] = before.results;
    if (!first) throw new Error("fixture has results");
    const failing = (trial: number, messages: string[]) => ({
      ...first,
      caseId: "flaky",
      trial,
      passed: false,
      failures: messages.map((message) => ({ category: "taskSuccess", message })),
    });
    const report: EvalReport = {
      ...before,
      results: [
        failing(1, ["expected decision nurture, got ignore"]),
        { ...first, caseId: "flaky", trial: 2, passed: true, failures: [] },
        failing(3, ["expected decision nurture, got ignore", "expected owner null"]),
        failing(4, ["expected decision nurture, got ignore"]),
      ],
    };
    const text = toHtml(report);
    expect(text.match(/<tr><td><span class="badge impact-/g)).toHaveLength(1);
    expect(section(text, "failures-section")).toContain(
      "flaky 3/4 trials success — task success expected decision nurture, got ignore task success expected owner null (1 of 3) trial 1 trial 3 trial 4 no transcript kept",
    );
  });

  it("links each failed trial to its embedded transcript, and the transcript to reins show", () => {
    const [first] = before.results;
    if (!first) throw new Error("fixture has results");
    const failed = {
      ...first,
      caseId: "c1",
      trial: 2,
      passed: false,
      failures: [{ category: "recovery", message: "m" }],
    };
    const transcript = {
      schemaVersion: 1 as const,
      caseId: "c1",
      trial: 2,
      runId: "run-1",
      passed: false,
      failures: failed.failures,
      input: { a: 1 },
      outcome: failed.outcome,
      messages: null,
      toolCalls: [
        {
          callId: "call-1",
          toolName: "pay_invoice",
          input: { amount: 5000 },
          verdict: "require-approval" as const,
          reasons: [],
          resolution: "approved" as const,
          approval: {
            callId: "call-1",
            approvalId: "a1",
            status: "approved" as const,
            decidedBy: "reins-eval",
          },
          status: "executed" as const,
          output: { ok: true },
        },
      ],
      worldChanges: [{ path: "invoices.INV-1.paid", before: false, after: true }],
      events: [],
    };
    const text = toHtml({ ...before, results: [failed] }, { evalId: "eval_x", transcripts: [transcript] });
    expect(text).toContain('<a href="#transcript-c1-2">trial 2</a>');
    expect(text).toContain("<code>reins show eval_x c1 --trial n</code>");
    expect(text).toContain('<details class="transcript" id="transcript-c1-2" open>');
    expect(section(text, "transcripts")).toContain("verdict require-approval → approved by reins-eval");
    expect(section(text, "transcripts")).toContain("invoices.INV-1.paid: false → true");
  });

  it("escapes report text from users, and refers to nothing outside the page", () => {
    const [first] = before.results;
    if (!first) throw new Error("fixture has results");
    const hostile: EvalReport = {
      ...before,
      suite: 'x"><script>alert(1)</script>',
      results: [
        {
          ...first,
          caseId: "<script>alert('id')</script>",
          passed: false,
          failures: [{ category: "recovery", message: '<a href="https://evil.example">&</a>' }],
        },
      ],
    };
    const text = toHtml(hostile);
    expect(text).not.toContain("<script");
    expect(text).not.toContain("<a ");
    expect(text).toContain("<title>x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;: eval report</title>");
    expect(text).toContain('<td class="case">&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;</td>');
    expect(text).toContain("&lt;a href=&quot;https://evil.example&quot;&gt;&amp;&lt;/a&gt;");
    for (const report of [before, hostile]) {
      expect(toHtml(report)).not.toMatch(/\b(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:)?\/\//i);
      expect(toHtml(report)).not.toMatch(/@import|url\(/i);
    }
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`,
    );
  });

  it("draws a bar whose threshold failed as poor, with the digits that show the fail", () => {
    const at = (actual: number): string =>
      toHtml({
        ...before,
        metrics: { ...before.metrics, taskSuccess: actual },
        thresholds: {
          passed: actual >= 0.98,
          checks: [
            { metric: "taskSuccess", source: "suite", required: 0.98, actual, passed: actual >= 0.98 },
          ],
        },
      });
    const taskBar = (page: string) =>
      page.match(/<rect class="bar (\w+)"[^>]*><title>task success: ([^<]*)</)?.slice(1);
    const below = at(0.9797);
    expect(taskBar(below)).toEqual(["poor", "97.97%"]);
    expect(section(below, "thresholds")).toBe("Thresholds fail task success 97.97% &lt; 98.00% (suite)");
    expect(taskBar(at(0.98))).toEqual(["good", "98.0%"]);
    expect(section(at(0.98), "thresholds")).toBe("Thresholds pass task success 98.0% ≥ 98.0% (suite)");
  });

  it("says so when there are no failures and no thresholds", () => {
    const clean: EvalReport = {
      ...before,
      results: before.results.map((r) => ({ ...r, passed: true, failures: [] })),
      thresholds: { passed: true, checks: [] },
    };
    const text = toHtml(clean);
    expect(text).toContain('<p class="empty">No failures: every trial passed every category.</p>');
    expect(section(text, "thresholds")).toBe("Thresholds None set.");
    expect(text).toContain('<span class="badge verdict impact-low">no thresholds set</span>');
  });
});

describe("html", () => {
  it("escapes values, keeps nested html, joins arrays and drops empty values", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p title="${'"'}">${inner}${["a", "&"]}${null}${undefined}${false}${0}</p>`.value).toBe(
      '<p title="&quot;"><b>&lt;i&gt;</b>a&amp;0</p>',
    );
  });
});
