import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type BuildReportOptions, buildReport, impactWeights, reportFromTally } from "./build-report.js";
import { parseReport } from "./report/read-report.js";
import { addToTally, emptyTally, seedTally } from "./report-tally.js";
import type { TrialResult } from "./trial.js";

const after = parseReport(
  readFileSync(fileURLToPath(new URL("../../test/fixtures/reports/after.json", import.meta.url)), "utf8"),
  "after.json",
);

const options: Omit<BuildReportOptions, "results"> = {
  suite: {
    name: after.suite,
    charter: { name: "lead-routing", version: "1" } as never,
    thresholds: { taskSuccess: 0.9 },
  },
  agent: after.agent,
  model: null,
  startedAt: new Date(after.startedAt),
  durationMs: 1234,
  trials: after.trials,
  caseCount: after.caseCount,
  failUnder: { passRate: 0.5 },
  versions: after.versions as NonNullable<typeof after.versions>,
};

describe("buildReport and reportFromTally", () => {
  it("give the same report from the results as from their tally, whatever order the results came in", () => {
    const whole = buildReport({ ...options, results: after.results });
    const reversed = emptyTally();
    seedTally(
      reversed,
      after.results.map((r) => ({
        id: r.caseId,
        kind: r.kind,
        ...(r.perturbation ? { perturbation: r.perturbation } : {}),
      })),
    );
    for (const result of [...after.results].reverse()) addToTally(reversed, result, impactWeights);
    expect({ ...reportFromTally(options, reversed), results: after.results }).toEqual(whole);
    expect(JSON.stringify(Object.keys(reportFromTally(options, reversed).byKind))).toBe(
      JSON.stringify(Object.keys(whole.byKind)),
    );
    expect(whole.metrics).toEqual(after.metrics);
    expect(whole.passHatK).toEqual(after.passHatK);
  });

  it("lists each failing case's first failed trial among the worst failures, not its last", () => {
    const template = after.results.find((r) => !r.passed) as TrialResult;
    const trial = (n: number, message: string): TrialResult => ({
      ...template,
      caseId: "case-x",
      trial: n,
      failures: [{ category: "taskSuccess", message }],
    });
    const report = buildReport({
      ...options,
      trials: 3,
      results: [trial(1, "first"), trial(2, "second"), trial(3, "third")],
    });
    expect(report.impact.worst).toEqual([
      {
        caseId: "case-x",
        trial: 1,
        impact: template.impact,
        kind: template.kind,
        failures: ["taskSuccess: first"],
      },
    ]);
  });
});
