import { evaluate, type Suite } from "reins";
import { caseKinds, checkOracles, derivePerturbedCases, loadSuite } from "reins/eval";
import { parseReport } from "reins/report";
import { beforeAll, describe, expect, it } from "vitest";
import { reportKeys } from "../../src/eval/report.js";

const folder = "examples/support-triage";

describe("support-triage suite", () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await loadSuite(folder);
  });

  it("loads the charter, its tools, the baseline and the suite's own perturbations", () => {
    expect(suite.name).toBe("support-triage");
    expect(suite.charter.name).toBe("support-triage");
    expect(suite.registry.names().sort()).toEqual([
      "draft_reply",
      "escalate_to_tier2",
      "issue_refund",
      "lookup_customer",
      "lookup_ticket",
      "search_kb",
      "search_kb_cache",
      "send_reply",
      "update_ticket",
    ]);
    expect(suite.baseline?.name).toBe("support-triage-baseline");
    expect(Object.keys(suite.perturbations ?? {}).sort()).toEqual([
      "do-nothing",
      "duplicate-record",
      "stale-record",
    ]);
  });

  it("has at least 60 cases, at least 12 of each kind, each with an oracle that ends in a conclusion", () => {
    expect(suite.cases.length).toBeGreaterThanOrEqual(60);
    for (const kind of caseKinds) {
      expect(suite.cases.filter((c) => c.kind === kind).length, kind).toBeGreaterThanOrEqual(12);
    }
    const withoutConclusion = suite.cases
      .filter((c) => {
        const last = c.oracle?.at(-1);
        return last === undefined || !("conclude" in last);
      })
      .map((c) => c.id);
    expect(withoutConclusion).toEqual([]);
  });

  it("labels every base case so that its oracle scores full marks", async () => {
    const check = await checkOracles({ suite });
    expect(check.broken).toEqual([]);
    expect(check.withoutOracle).toEqual([]);
    expect(check.checked).toBe(suite.cases.length);
  });

  it("derives world-specific meaner cases whose adjusted labels replay at full marks", async () => {
    const names = ["duplicate-record", "stale-record", "do-nothing"] as const;
    const { cases } = derivePerturbedCases(suite.cases, names, {
      charter: suite.charter,
      registry: suite.registry,
      ...(suite.perturbations ? { suiteRules: suite.perturbations } : {}),
    });
    for (const name of names)
      expect(
        cases.some((c) => c.perturbation === name),
        name,
      ).toBe(true);
    const check = await checkOracles({ suite, perturb: [...names] });
    expect(check.broken).toEqual([]);
    expect(check.checked).toBe(suite.cases.length + cases.length);
  });

  it("evaluates the baseline into a complete, schema-valid report", async () => {
    const baseline = suite.baseline;
    if (!baseline) throw new Error("the suite has no baseline");
    const report = await evaluate({ suite, agent: baseline, trials: 1 });
    expect(Object.keys(report)).toEqual([...reportKeys]);
    expect(report.agent).toBe("function:support-triage-baseline");
    expect(report.caseCount).toBe(suite.cases.length);
    expect(Object.keys(report.metrics).sort()).toEqual([
      "dataAccuracy",
      "policyCompliance",
      "recovery",
      "taskSuccess",
      "toolCorrectness",
    ]);
    expect(Object.keys(report.passHatK)).toEqual(["1"]);
    expect(Object.keys(report.byKind).sort()).toEqual([...caseKinds].sort());
    expect(Object.keys(report.byPerturbation)).toEqual(["none"]);
    expect(report.results).toHaveLength(suite.cases.length);
    expect(parseReport(JSON.stringify(report), "support-triage.json").suite).toBe("support-triage");
  });
});
