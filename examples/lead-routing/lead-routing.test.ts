import { fileURLToPath } from "node:url";
import { evaluate, type Suite } from "reins";
import { caseKinds, checkOracles, loadSuite } from "reins/eval";
import { beforeAll, describe, expect, it } from "vitest";
import { reportKeys } from "../../src/eval/report.js";
import { scoreCategories } from "../../src/eval/trial.js";

const folder = fileURLToPath(new URL(".", import.meta.url));

/** The operational mess the dataset must contain (SPEC §4 and the issue), by tag. */
const messTags = [
  "gmail-enterprise-buyer",
  "competitor",
  "student",
  "existing-customer-support",
  "procurement-alias",
  "duplicate-lead",
  "fake-phone",
  "competitor-but-cheaper",
  "stale-crm",
  "size-unknown",
  "ownership-conflict",
  "open-opportunity",
  "unsubscribed",
  "non-english",
  "prompt-injection",
  "do-nothing",
];

describe("the lead-routing suite", () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await loadSuite(folder);
  });

  it("holds at least 150 labelled base cases, 30 of each kind, every one with an oracle and the mess tagged", async () => {
    const base = suite.cases.filter((c) => c.perturbation === undefined);
    expect(base.length).toBeGreaterThanOrEqual(150);
    const byKind = Object.fromEntries(
      caseKinds.map((kind) => [kind, base.filter((c) => c.kind === kind).length]),
    );
    for (const kind of caseKinds) expect(byKind[kind], kind).toBeGreaterThanOrEqual(30);
    expect(base.filter((c) => c.oracle === undefined).map((c) => c.id)).toEqual([]);
    expect(
      base
        .filter((c) => c.oracle?.at(-1) === undefined || !("conclude" in (c.oracle.at(-1) ?? {})))
        .map((c) => c.id),
    ).toEqual([]);
    const tags = new Set(base.flatMap((c) => c.tags));
    expect(messTags.filter((tag) => !tags.has(tag))).toEqual([]);
    expect(new Set(base.map((c) => c.id)).size).toBe(base.length);
    // Every case labels the decision, not just the output: an outcome, its tools, and the world it leaves.
    for (const c of base) {
      expect(c.expect.decision !== undefined || c.expect.escalation !== undefined, c.id).toBe(true);
      expect(c.expect.world, c.id).toBeDefined();
      expect(c.expect.tools.required.length, c.id).toBeGreaterThan(0);
      expect(c.expect.tools.forbidden, c.id).toContain("send_email");
    }
  });

  it("has no broken labels: every base case's oracle scores full marks", async () => {
    const check = await checkOracles({ suite });
    expect(check.broken).toEqual([]);
    expect(check.withoutOracle).toEqual([]);
    expect(check.checked).toBe(suite.cases.length);
  });

  it("has no broken labels in the world-specific meaner cases either", async () => {
    const check = await checkOracles({ suite, perturb: ["duplicate-record", "stale-record", "do-nothing"] });
    expect(check.broken).toEqual([]);
    expect(check.checked).toBeGreaterThan(suite.cases.length + 200);
  });

  it("evaluates the baseline into a report of the versioned shape", async () => {
    if (!suite.baseline) throw new Error("the suite has no baseline");
    const report = await evaluate({ suite, agent: suite.baseline, trials: 1 });
    expect(Object.keys(report)).toEqual([...reportKeys]);
    expect(report.schemaVersion).toBe(2);
    expect(report.suite).toBe("lead-routing");
    expect(report.charter).toEqual({ name: "lead-routing", version: "2" });
    expect(report.agent).toBe("function:lead-routing-baseline");
    expect(report.model).toBeNull();
    expect(report.caseCount).toBe(suite.cases.length);
    expect(Object.keys(report.metrics)).toEqual([...scoreCategories]);
    expect(Object.keys(report.passHatK)).toEqual(["1"]);
    expect(Object.keys(report.byKind).sort()).toEqual([...caseKinds].sort());
    expect(Object.keys(report.byPerturbation)).toEqual(["none"]);
    expect(Object.keys(report.impact)).toEqual(["weights", "errorCostPerTrial", "failedTrials", "worst"]);
    expect(report.thresholds.checks.map((c) => `${c.source}:${c.metric}`)).toEqual([
      "task-class:taskSuccess",
      "task-class:policyCompliance",
      "suite:toolCorrectness",
      "suite:dataAccuracy",
      "suite:recovery",
    ]);
    expect(report.usage).toEqual({ modelCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null });
    expect(report.results).toHaveLength(suite.cases.length);
    for (const result of report.results) {
      expect(Object.keys(result.scores)).toEqual([...scoreCategories]);
      // A deterministic baseline never errors and never leaves a run suspended.
      expect(["decision", "escalation"], result.caseId).toContain(result.outcome.type);
    }
  });
});
