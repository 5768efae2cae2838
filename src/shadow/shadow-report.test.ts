import { describe, expect, it } from "vitest";
import type { Impact } from "../eval/case.js";
import type { RunOutcome } from "../runtime/outcome.js";
import type { HumanDecision } from "./human-decisions.js";
import { agentClass, buildShadowReport, type ShadowPair } from "./shadow-report.js";

const charter = { name: "lead-routing", version: "2", decision: { confidenceThreshold: 0.75 } };

const decided = (decision: string, confidence: number): RunOutcome => ({
  type: "decision",
  decision: { decision, confidence },
  draft: false,
});

function pair(
  id: string,
  human: { decision?: string; escalation?: string },
  agent: RunOutcome,
  impact: Impact,
): ShadowPair {
  const line = Number(id.slice(1));
  const decision: HumanDecision = { id, input: {}, impact, line, ...human };
  return { human: decision, runId: `shadow-${id}`, status: "completed", outcome: agent };
}

const S = { decision: "route_to_sales" };
const N = { decision: "nurture" };
const E = { escalation: "company_size_unknown" };
const escalated: RunOutcome = { type: "escalation", reason: "company_size_unknown", evidence: null };

// Ten decisions, human class → agent class:
//   d01 S→S .90 low     d02 S→S .95 medium   d03 S→N .80 high      d04 N→N .90 low     d05 N→N .70 low
//   d06 N→S .60 crit    d07 E→E  —  medium   d08 E→S .85 high      d09 S→S .99 medium  d10 N→refusal low
// Agreed: d01 d02 d04 d05 d07 d09 = 6 of 10, p_o = 0.6.
// Human totals: S 4, N 4, E 2. Agent totals: S 5 (d01 d02 d06 d08 d09), N 3, E 1, refusal 1.
// p_e = (4·5 + 4·3 + 2·1 + 0·1)/100 = 0.34;  κ = (0.6 − 0.34)/(1 − 0.34) = 0.26/0.66 = 13/33 ≈ 0.3939.
// Wilson 95 % lower bound of 6/10 (z = 1.95996): (6 + z²/2 − z·√(6·4/10 + z²/4))/(10 + z²) ≈ 0.3127.
// Impact weights: total 1+2+4+1+1+8+2+4+2+1 = 26; disagreed d03 4 + d06 8 + d08 4 + d10 1 = 17.
const pairs: ShadowPair[] = [
  pair("d01", S, decided("route_to_sales", 0.9), "low"),
  pair("d02", S, decided("route_to_sales", 0.95), "medium"),
  pair("d03", S, decided("nurture", 0.8), "high"),
  pair("d04", N, decided("nurture", 0.9), "low"),
  pair("d05", N, decided("nurture", 0.7), "low"),
  pair("d06", N, decided("route_to_sales", 0.6), "critical"),
  pair("d07", E, escalated, "medium"),
  pair("d08", E, decided("route_to_sales", 0.85), "high"),
  pair("d09", S, decided("route_to_sales", 0.99), "medium"),
  pair("d10", N, { type: "refusal", reason: "no" }, "low"),
];

describe("buildShadowReport", () => {
  const report = buildShadowReport({ charter, source: "h.jsonl", pairs });

  it("counts agreement, κ and the Wilson lower bound as computed by hand", () => {
    expect(report.schemaVersion).toBe(1);
    expect(report.n).toBe(10);
    expect(report.agreed).toBe(6);
    expect(report.agreement).toBe(0.6);
    expect(report.kappa).toBe(13 / 33);
    expect(report.agreementWilsonLower).toBeCloseTo(0.3127, 4);
  });

  it("gives the confusion matrix human → agent, and precision and recall per class", () => {
    const esc = "escalation:company_size_unknown";
    expect(report.classes).toEqual([esc, "nurture", "refusal", "route_to_sales"]);
    expect(report.confusion).toEqual({
      [esc]: { [esc]: 1, nurture: 0, refusal: 0, route_to_sales: 1 },
      nurture: { [esc]: 0, nurture: 2, refusal: 1, route_to_sales: 1 },
      refusal: { [esc]: 0, nurture: 0, refusal: 0, route_to_sales: 0 },
      route_to_sales: { [esc]: 0, nurture: 1, refusal: 0, route_to_sales: 3 },
    });
    expect(report.perClass.route_to_sales).toEqual({
      support: 4,
      predicted: 5,
      precision: 3 / 5,
      recall: 3 / 4,
    });
    expect(report.perClass.nurture).toEqual({ support: 4, predicted: 3, precision: 2 / 3, recall: 1 / 2 });
    expect(report.perClass[esc]).toEqual({ support: 2, predicted: 1, precision: 1, recall: 1 / 2 });
    expect(report.perClass.refusal).toEqual({ support: 0, predicted: 1, precision: 0, recall: null });
  });

  it("weighs disagreements by impact and lists critical misses", () => {
    expect(report.impactWeightedDisagreement).toEqual({
      weights: { low: 1, medium: 2, high: 4, critical: 8 },
      disagreedWeight: 17,
      totalWeight: 26,
      rate: 17 / 26,
    });
    expect(report.criticalMisses).toEqual({ critical: 1, count: 1, ids: ["d06"], rateUpperBound: null });
  });

  it("orders the disagreements by impact, then by the agent's confidence", () => {
    expect(report.disagreements.map((item) => item.id)).toEqual(["d06", "d08", "d03", "d10"]);
    expect(report.disagreements[3]).toMatchObject({
      humanClass: "nurture",
      agentClass: "refusal",
      confidence: null,
    });
  });

  it("buckets the decisions with a confidence; too few for a 95 % threshold", () => {
    // Decisions with a confidence: all but d07 (escalation) and d10 (refusal).
    const buckets = report.byConfidence.buckets.map(({ lower, n, agreed }) => [lower, n, agreed]);
    expect(buckets).toEqual([
      [0, 0, 0],
      [0.5, 0, 0],
      [0.6, 1, 0],
      [0.7, 1, 1],
      [0.8, 2, 0],
      [0.9, 4, 4],
    ]);
    // 4 of 4 at ≥ 0.9 has a Wilson lower bound of 4/(4 + z²) ≈ 0.51: no threshold reaches 0.95.
    expect(report.byConfidence.recommendedThreshold).toBeNull();
    expect(report.byConfidence.charterThreshold).toBe(0.75);
  });
});

describe("buildShadowReport on enough agreement", () => {
  it("recommends the threshold above which agreement's lower bound reaches 95 %", () => {
    // 80 agreeing at 0.97 and 10 disagreeing at 0.5. n/n has Wilson lower bound n/(n + z²): 80/(80 + 3.8415) ≈
    // 0.9542 ≥ 0.95, so the threshold is 0.97 with coverage 80/90; at 0.5 it would be 80/90 agreement, far lower.
    const many = [
      ...Array.from({ length: 80 }, (_, i) => pair(`a${i}`, S, decided("route_to_sales", 0.97), "low")),
      ...Array.from({ length: 10 }, (_, i) => pair(`b${i}`, S, decided("nurture", 0.5), "low")),
    ];
    const report = buildShadowReport({ charter, source: "h.jsonl", pairs: many });
    expect(report.byConfidence.recommendedThreshold).toMatchObject({
      threshold: 0.97,
      n: 80,
      agreed: 80,
      coverage: 80 / 90,
      target: 0.95,
    });
    expect(report.byConfidence.recommendedThreshold?.wilsonLower).toBeCloseTo(0.9542, 4);
  });

  it("bounds the critical-miss rate by the rule of three when there is none", () => {
    const critical = ["c1", "c2", "c3"].map((id) => pair(id, N, decided("nurture", 0.9), "critical"));
    const report = buildShadowReport({ charter, source: "h.jsonl", pairs: critical });
    // 1 − 0.05^(1/3) ≈ 0.6316: three critical decisions, none missed.
    expect(report.criticalMisses.count).toBe(0);
    expect(report.criticalMisses.rateUpperBound).toBeCloseTo(0.6316, 4);
    expect(report.kappa).toBe(1);
  });
});

describe("agentClass", () => {
  it("names a decision, an escalation, another outcome or a run without one", () => {
    expect(agentClass(decided("nurture", 1), "completed")).toBe("nurture");
    expect(agentClass(escalated, "completed")).toBe("escalation:company_size_unknown");
    expect(agentClass({ type: "needs-input", fields: ["x"], question: "?" }, "completed")).toBe(
      "needs-input",
    );
    expect(agentClass(null, "suspended")).toBe("suspended");
  });
});
