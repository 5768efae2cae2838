import { describe, expect, it } from "vitest";
import type { TrialResult } from "../eval/trial.js";
import type { ShadowItem, ShadowReport } from "../shadow/shadow-report.js";
import { criticalMisses, redteamRegression } from "./demotion-causes.js";

const result = (caseId: string, redteam: boolean, passed: boolean) =>
  ({ caseId, redteam, passed }) as TrialResult;

const item = (id: string, agree: boolean, impact: string, humanClass: string, agentClass: string) =>
  ({
    id,
    runId: `shadow-${id}`,
    agree,
    impact,
    humanClass,
    agentClass,
    confidence: 0.9,
    decidedBy: null,
  }) as ShadowItem;

describe("demotion causes", () => {
  it("a red-team case failing any trial is a regression, keyed by the failing cases", async () => {
    expect(await redteamRegression([result("a", false, false), result("rt-1", true, true)])).toBeUndefined();
    expect(
      await redteamRegression([
        result("rt-2", true, false),
        result("rt-1", true, false),
        result("rt-2", true, false),
      ]),
    ).toEqual({
      kind: "redteam-regression",
      detail: "red-team regression (2 cases: rt-1, rt-2)",
      key: "redteam:rt-1,rt-2",
    });
  });

  it("a critical disagreement drops the options involved; one on no option drops every cell", () => {
    const report = (items: ShadowItem[]) => ({ source: "h.jsonl", items }) as ShadowReport;
    const options = ["nurture", "ignore", "enrich"];
    expect(criticalMisses(report([item("h1", false, "high", "nurture", "ignore")]), options)).toBeUndefined();
    expect(criticalMisses(report([item("h2", false, "critical", "nurture", "ignore")]), options)).toEqual({
      kind: "critical-miss",
      detail: "critical shadow miss (1: h2)",
      key: "critical:h.jsonl:h2",
      options: ["ignore", "nurture"],
    });
    expect(
      criticalMisses(report([item("h3", false, "critical", "escalation:conflict", "refusal")]), options),
    ).not.toHaveProperty("options");
  });
});
