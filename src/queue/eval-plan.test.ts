import { describe, expect, it } from "vitest";
import { type WorkflowHashes, workflowDifferences } from "./eval-plan.js";

const h = (c: string) => c.repeat(64);
const base: WorkflowHashes = {
  charter: h("a"),
  instructions: h("b"),
  tools: { get_order: h("c"), issue_refund: h("d") },
  policies: { cap: h("e") },
  dataset: { hash: h("f"), cases: 5, redteamCases: 0, perturbations: [] },
};

describe("workflowDifferences", () => {
  it("is empty for the same workflow", () => {
    expect(workflowDifferences(base, structuredClone(base))).toEqual([]);
  });

  it("names each part that differs, and each tool or rule by name", () => {
    const here: WorkflowHashes = {
      charter: h("1"),
      instructions: h("2"),
      tools: { get_order: h("c"), issue_refund: h("9"), close_account: h("8") },
      policies: {},
      dataset: { hash: h("7"), cases: 6, redteamCases: 0, perturbations: [] },
    };
    expect(workflowDifferences(base, here)).toEqual([
      "charter: its fields differ",
      "instructions: the charter's prompt differs",
      "tools: issue_refund differs, close_account only here",
      "policies: cap missing here",
      "cases: the cases differ (5 cases and 0 red-team cases planned, 6 and 0 here)",
    ]);
  });

  it("says the cases differ when only their content does", () => {
    expect(workflowDifferences(base, { ...base, dataset: { ...base.dataset, hash: h("0") } })).toEqual([
      "cases: the cases differ",
    ]);
  });
});
