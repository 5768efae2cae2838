import { describe, expect, it } from "vitest";
import { tools } from "../../examples/lead-routing/tools.js";
import { loadCharter } from "../charter/load-charter.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import { ErrorCode } from "../errors/codes.js";
import type { ValidationError } from "../errors/validation-error.js";
import { maxListedProblems, parseHumanDecisions } from "./human-decisions.js";

const charter = await loadCharter("examples/lead-routing/charter.yaml", {
  registry: createToolRegistry(tools),
});

const input = (leadId: string) => ({
  leadId,
  receivedAt: "2025-01-01T00:00:00Z",
  form: { name: "Ana", email: "ana@acme.com", message: "demo please" },
  domain: "acme.com",
  source: "web",
});

function failure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    return error as ValidationError;
  }
  throw new Error("expected a failure");
}

describe("parseHumanDecisions", () => {
  it("reads JSON Lines, skipping blank lines, with impact medium by default", () => {
    const text = [
      JSON.stringify({
        id: "h1",
        input: input("L-0001"),
        decision: "nurture",
        impact: "high",
        decidedBy: "ana",
      }),
      "",
      JSON.stringify({
        id: "h2",
        input: input("L-0002"),
        escalation: "company_size_unknown",
        world: { a: 1 },
      }),
    ].join("\n");
    const decisions = parseHumanDecisions(text, "h.jsonl", charter);
    expect(decisions).toEqual([
      { id: "h1", input: input("L-0001"), decision: "nurture", impact: "high", decidedBy: "ana", line: 1 },
      {
        id: "h2",
        input: input("L-0002"),
        escalation: "company_size_unknown",
        world: { a: 1 },
        impact: "medium",
        line: 3,
      },
    ]);
  });

  it("reads CSV with a header row and JSON in the input, world and fields columns", () => {
    const json = (value: unknown) => `"${JSON.stringify(value).replaceAll('"', '""')}"`;
    const text = [
      "id,input,decision,escalation,fields,impact",
      `h1,${json(input("L-0001"))},route_to_sales,,${json({ status: "qualified", owner: "maria.chen" })},critical`,
      `h2,${json(input("L-0002"))},,ownership_conflict,,`,
    ].join("\r\n");
    expect(parseHumanDecisions(text, "h.csv", charter)).toEqual([
      {
        id: "h1",
        input: input("L-0001"),
        decision: "route_to_sales",
        fields: { status: "qualified", owner: "maria.chen" },
        impact: "critical",
        line: 2,
      },
      { id: "h2", input: input("L-0002"), escalation: "ownership_conflict", impact: "medium", line: 3 },
    ]);
  });

  it("lists every bad line located, with did-you-mean for options, reasons and fields", () => {
    const text = [
      JSON.stringify({ id: "h1", input: input("L-0001"), decision: "nurtur" }),
      "{not json",
      JSON.stringify({
        id: "h3",
        input: { ...input("L-0003"), form: undefined },
        escalation: "ownership_conflit",
      }),
      JSON.stringify({
        id: "h4",
        input: input("L-0004"),
        decision: "nurture",
        escalation: "ownership_conflict",
      }),
      JSON.stringify({ id: "h5", input: input("L-0005"), decison: "nurture", impact: "hight" }),
      JSON.stringify({ id: "h1", input: input("L-0006"), decision: "ignore", fields: { stauts: "x" } }),
      JSON.stringify({ id: "h7", input: input("L-0007"), decision: "ignore", fields: { status: "nope" } }),
    ].join("\n");
    const error = failure(() => parseHumanDecisions(text, "h.jsonl", charter));
    expect(error.code).toBe(ErrorCode.ShadowInputInvalid);
    const where = error.issues.map((issue) => `${issue.line} ${issue.path ?? "-"}`);
    expect(where).toEqual([
      "1 decision",
      "2 -",
      "3 input.form",
      "3 escalation",
      "4 escalation",
      "5 decison",
      "5 decision",
      "5 impact",
      "6 fields.stauts",
      "7 fields.status",
    ]);
    const message = (line: number, path: string) =>
      error.issues.find((issue) => issue.line === line && issue.path === path)?.message ?? "";
    expect(message(1, "decision")).toContain("(did you mean nurture?)");
    expect(message(3, "escalation")).toContain("(did you mean ownership_conflict?)");
    expect(message(5, "decison")).toContain("(did you mean decision?)");
    expect(message(5, "impact")).toContain("(did you mean high?)");
    expect(message(6, "fields.stauts")).toContain("(did you mean status?)");
    expect(error.message).toContain("h.jsonl:2 is not JSON");
  });

  it("refuses a duplicate id, naming the first line", () => {
    const line = JSON.stringify({ id: "h1", input: input("L-0001"), decision: "ignore" });
    const error = failure(() => parseHumanDecisions(`${line}\n${line}`, "h.jsonl", charter));
    expect(error.issues).toEqual([
      expect.objectContaining({ line: 2, path: "id", message: expect.stringContaining("line 1") }),
    ]);
  });

  it("locates CSV problems: an unknown column, a bad JSON cell, a short row", () => {
    const bad = failure(() => parseHumanDecisions("id,inptu,decision\nh1,{},ignore", "h.csv", charter));
    expect(bad.issues).toEqual([
      expect.objectContaining({
        line: 1,
        path: "column 2",
        message: expect.stringContaining("did you mean input?"),
      }),
    ]);
    const cells = failure(() =>
      parseHumanDecisions('id,input,decision\nh1,"{}"\nh2,"{}",ignore,x', "h.csv", charter),
    );
    expect(cells.issues.map((issue) => `${issue.line} ${issue.path ?? "-"}`)).toEqual(["2 -", "3 -"]);
    const json = failure(() => parseHumanDecisions('id,input,decision\nh1,"{oops",ignore', "h.csv", charter));
    expect(json.issues).toEqual([expect.objectContaining({ line: 2, path: "input" })]);
  });

  it("caps the problems listed and counts the rest", () => {
    const text = Array.from({ length: maxListedProblems + 5 }, () => "[]").join("\n");
    const error = failure(() => parseHumanDecisions(text, "h.jsonl", charter));
    expect(error.issues).toHaveLength(maxListedProblems + 1);
    expect(error.issues.at(-1)?.message).toBe("… and 5 more problems");
  });

  it("refuses an empty file", () => {
    expect(failure(() => parseHumanDecisions("\n\n", "h.jsonl", charter)).message).toContain(
      "holds no decisions",
    );
  });
});
