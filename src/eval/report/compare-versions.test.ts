import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { EvalReport, EvalVersions } from "../report.js";
import { compareReports } from "./compare-reports.js";
import { compareVersions, versionWarning } from "./compare-versions.js";
import { formatComparison } from "./format-comparison.js";

const old = JSON.parse(readFileSync("test/fixtures/reports/before.json", "utf8")) as EvalReport;
const h = (c: string) => c.repeat(64);
const versions: EvalVersions = {
  charter: h("a"),
  instructions: h("b"),
  tools: { crm_lookup: h("c"), crm_update_lead: h("d") },
  policies: { "no-weekend": h("e") },
  model: { agent: "model:openai:gpt-4.1-mini", settings: null },
  dataset: { hash: h("f"), cases: 4, redteamCases: 0, perturbations: [] },
};
const withVersions = (v: EvalVersions): EvalReport => ({ ...old, schemaVersion: 2, versions: v });
const lastSection = (a: EvalReport, b: EvalReport) =>
  formatComparison(compareReports(a, b)).split("\n\n").at(-1);

describe("compareVersions", () => {
  it("says nothing changed when nothing did", () => {
    expect(compareVersions(withVersions(versions), withVersions(versions))).toEqual({
      known: true,
      changed: [],
    });
    expect(lastSection(withVersions(versions), withVersions(versions))).toBe(
      "Versions: nothing changed (charter, instructions, tool cards, policies, model, dataset)",
    );
  });

  it("names the one thing that changed, without a warning", () => {
    const b = withVersions({ ...versions, tools: { ...versions.tools, crm_update_lead: h("9") } });
    expect(compareVersions(withVersions(versions), b)).toEqual({
      known: true,
      changed: [{ part: "tool", name: "crm_update_lead", label: "tool crm_update_lead" }],
    });
    expect(lastSection(withVersions(versions), b)).toBe("Versions changed (1): tool crm_update_lead");
  });

  it("warns when more than one thing changed, naming each (added and removed tools and policies too)", () => {
    const b = withVersions({
      ...versions,
      instructions: h("0"),
      tools: { crm_lookup: h("c"), crm_update_lead: h("9"), send_email: h("1") },
      policies: {},
      model: { agent: "model:openai:gpt-4.1", settings: null },
      dataset: { ...versions.dataset, perturbations: ["tool-error"] },
    });
    const comparison = compareVersions(withVersions(versions), b);
    expect(versionWarning(comparison)).toBe(
      "warning: 6 things changed between these evals (instructions, tool crm_update_lead, tool send_email (added), policy no-weekend (removed), model, dataset): a difference in scores cannot be attributed to one of them",
    );
    expect(lastSection(withVersions(versions), b)?.split("\n")).toEqual([
      "Versions changed (6): instructions, tool crm_update_lead, tool send_email (added), policy no-weekend (removed), model, dataset",
      versionWarning(comparison),
    ]);
  });

  it("says the versions are unknown, not unchanged, when a report predates them", () => {
    expect(compareVersions(old, withVersions(versions))).toEqual({ known: false, unknownIn: ["before"] });
    expect(compareVersions(withVersions(versions), old)).toEqual({ known: false, unknownIn: ["after"] });
    expect(versionWarning(compareVersions(old, old))).toBeUndefined();
    expect(lastSection(old, withVersions(versions))).toBe(
      "Versions unknown: the first report does not record them (written before reports recorded versions, schemaVersion 1)",
    );
  });
});
