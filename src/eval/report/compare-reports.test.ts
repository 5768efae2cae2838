import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { EvalReport } from "../report.js";
import type { TrialResult } from "../trial.js";
import { compareReports } from "./compare-reports.js";
import { formatComparison } from "./format-comparison.js";
import { parseReport } from "./read-report.js";

const load = (name: string): EvalReport =>
  parseReport(
    readFileSync(fileURLToPath(new URL(`../../../test/fixtures/reports/${name}`, import.meta.url)), "utf8"),
    name,
  );
const before = load("before.json");
const after = load("after.json");

describe("compareReports", () => {
  it("finds the critical regression and the two improved cases of the fixtures", () => {
    expect(compareReports(before, after)).toEqual({
      metrics: [
        { metric: "taskSuccess", before: 0.75, after: 0.875, delta: 0.125 },
        { metric: "toolCorrectness", before: 1, after: 1, delta: 0 },
        { metric: "dataAccuracy", before: 0.875, after: 1, delta: 0.125 },
        { metric: "policyCompliance", before: 1, after: 0.875, delta: -0.125 },
        { metric: "recovery", before: 0.875, after: 0.875, delta: 0 },
        { metric: "passRate", before: 0.75, after: 0.875, delta: 0.125 },
      ],
      passHatK: [
        { k: 1, before: 0.75, after: 0.875, delta: 0.125 },
        { k: 2, before: 0.5, after: 0.75, delta: 0.25 },
      ],
      regressions: [
        {
          caseId: "lead-003",
          perturbation: null,
          impact: "critical",
          metric: "taskSuccess",
          before: 1,
          after: 0.5,
        },
        {
          caseId: "lead-003",
          perturbation: null,
          impact: "critical",
          metric: "policyCompliance",
          before: 1,
          after: 0.5,
        },
        {
          caseId: "lead-003",
          perturbation: null,
          impact: "critical",
          metric: "recovery",
          before: 1,
          after: 0.5,
        },
      ],
      improvements: [
        {
          caseId: "lead-002",
          perturbation: null,
          impact: "high",
          metric: "taskSuccess",
          before: 0.5,
          after: 1,
        },
        {
          caseId: "lead-002",
          perturbation: null,
          impact: "high",
          metric: "dataAccuracy",
          before: 0.5,
          after: 1,
        },
        {
          caseId: "lead-002~missing-field",
          perturbation: "missing-field",
          impact: "high",
          metric: "taskSuccess",
          before: 0.5,
          after: 1,
        },
        {
          caseId: "lead-002~missing-field",
          perturbation: "missing-field",
          impact: "high",
          metric: "recovery",
          before: 0.5,
          after: 1,
        },
      ],
      added: [],
      removed: [],
      // The fixtures were written before reports recorded versions (schemaVersion 1).
      versions: { known: false, unknownIn: ["before", "after"] },
    });
  });

  it("sees nothing change between a report and itself", () => {
    const same = compareReports(after, after);
    expect({ regressions: same.regressions, improvements: same.improvements }).toEqual({
      regressions: [],
      improvements: [],
    });
    expect(same.metrics.map((m) => m.delta)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("rates a case over its trials, orders critical before larger drops, and lists added and removed cases", () => {
    const trial = (
      caseId: string,
      impact: TrialResult["impact"],
      n: number,
      scores: Record<string, number>,
    ) => {
      const [first] = before.results;
      if (!first) throw new Error("fixture has results");
      return { ...first, caseId, impact, trial: n, perturbation: null, scores };
    };
    const ok = { taskSuccess: 1, tone: 1 };
    const a: EvalReport = {
      ...before,
      passHatK: { "1": 1, "2": 1, "3": 1 },
      results: [
        trial("low-1", "low", 1, ok),
        trial("low-1", "low", 2, ok),
        trial("low-1", "low", 3, ok),
        trial("crit-1", "critical", 1, ok),
        trial("crit-1", "critical", 2, ok),
        trial("crit-1", "critical", 3, ok),
        trial("gone", "medium", 1, ok),
      ],
    };
    const b: EvalReport = {
      ...before,
      passHatK: { "1": 0.5 },
      results: [
        trial("low-1", "low", 1, { taskSuccess: 0, tone: 0 }),
        trial("low-1", "low", 2, { taskSuccess: 0, tone: 1 }),
        trial("low-1", "low", 3, { taskSuccess: 0, tone: 1 }),
        trial("crit-1", "critical", 1, ok),
        trial("crit-1", "critical", 2, { taskSuccess: 1, tone: 0 }),
        trial("crit-1", "critical", 3, ok),
        trial("new", "medium", 1, ok),
      ],
    };
    const comparison = compareReports(a, b);
    expect(comparison.regressions.map((r) => [r.caseId, r.metric, r.before, r.after])).toEqual([
      ["crit-1", "tone", 1, 0.6667],
      ["low-1", "taskSuccess", 1, 0],
      ["low-1", "tone", 1, 0.6667],
    ]);
    expect(comparison.passHatK).toEqual([
      { k: 1, before: 1, after: 0.5, delta: -0.5 },
      { k: 2, before: 1, after: null, delta: null },
      { k: 3, before: 1, after: null, delta: null },
    ]);
    expect({ added: comparison.added, removed: comparison.removed }).toEqual({
      added: ["new"],
      removed: ["gone"],
    });
  });
});

describe("formatComparison", () => {
  it("lists regressions first, then improvements, then the metrics", () => {
    expect(formatComparison(compareReports(before, after))).toMatchInlineSnapshot(`
      "Regressions (3)
        critical  lead-003  task success       100.0%  →  50.0%
        critical  lead-003  policy compliance  100.0%  →  50.0%
        critical  lead-003  recovery           100.0%  →  50.0%

      Improvements (4)
        high  lead-002                task success   50.0%  →  100.0%
        high  lead-002                data accuracy  50.0%  →  100.0%
        high  lead-002~missing-field  task success   50.0%  →  100.0%
        high  lead-002~missing-field  recovery       50.0%  →  100.0%

      Metrics              before   after     change
        task success        75.0%   87.5%  +12.5 pts
        tool correctness   100.0%  100.0%   ±0.0 pts
        data accuracy       87.5%  100.0%  +12.5 pts
        policy compliance  100.0%   87.5%  -12.5 pts
        recovery            87.5%   87.5%   ±0.0 pts
        pass rate           75.0%   87.5%  +12.5 pts
        pass^1              75.0%   87.5%  +12.5 pts
        pass^2              50.0%   75.0%  +25.0 pts

      Versions unknown: neither report records them (written before reports recorded versions, schemaVersion 1)"
    `);
  });

  it("says when nothing regressed, and names cases in only one report", () => {
    const fewer: EvalReport = { ...after, results: after.results.filter((r) => r.caseId !== "lead-001") };
    const text = formatComparison(compareReports(fewer, fewer));
    expect(text.split("\n\n").slice(0, 2)).toEqual([
      "No regressions: no case's rate fell in any category.",
      "No improvements.",
    ]);
    // The last section says what changed between the evals; the one before, which cases only one report has.
    const changed = formatComparison(compareReports(after, fewer)).split("\n\n");
    expect(changed.at(-2)).toBe("Only in the first report (1): lead-001");
    expect(formatComparison(compareReports(fewer, after)).split("\n\n").at(-2)).toBe(
      "Only in the second report (1): lead-001",
    );
  });
});
