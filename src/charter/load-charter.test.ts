import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../errors/reins-error.js";
import { ValidationError } from "../errors/validation-error.js";
import { registry } from "../policy/__fixtures__/gate-fixture.js";
import { validCharterYaml } from "./__fixtures__/valid-charter.js";
import { defineCharter } from "./define-charter.js";
import { loadCharter, parseCharter } from "./load-charter.js";

const issuesOf = (text: string) => {
  try {
    parseCharter(text, "c.yaml", { registry });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.line}:${i.column} ${i.path ?? ""} ${i.message}`);
  }
  throw new Error("expected the charter to be rejected");
};

describe("parseCharter", () => {
  it("compiles a valid YAML charter", () => {
    const charter = parseCharter(validCharterYaml, "c.yaml", { registry });
    expect({
      name: charter.name,
      version: charter.version,
      options: charter.decision.options,
      fields: Object.keys(charter.decision.fields),
      threshold: charter.decision.confidenceThreshold,
      tools: charter.tools,
      autonomy: charter.autonomy,
      limits: charter.limits,
      policies: charter.policies.map((p) => p.name),
    }).toEqual({
      name: "triage",
      version: "2",
      options: ["route", "close", "escalate_to_human"],
      fields: ["queue"],
      threshold: 0.8,
      tools: { allowed: ["lookup", "draft_reply"], forbidden: ["delete_account"], requireBasedOn: [] },
      autonomy: "draft",
      limits: { maxToolCalls: 20, maxSteps: 12, modelTimeoutMs: 60_000 },
      policies: ["one-draft"],
    });
    expect(charter.input.safeParse({ ticketId: "T1", body: "hi" }).success).toBe(true);
    expect(charter.input.safeParse({ ticketId: 7 }).success).toBe(false);
    expect(charter.input.safeParse({ ticketId: "T1", bdy: "typo" }).success).toBe(false);
    expect(
      charter.decision.schema.safeParse({ decision: "route", queue: "tech", confidence: 0.9 }).success,
    ).toBe(true);
    expect(
      charter.decision.schema.safeParse({ decision: "route", queue: "legal", confidence: 0.9 }).success,
    ).toBe(false);
  });

  it("reports bad YAML syntax with line and column", () => {
    expect(issuesOf(validCharterYaml.replace("  event: ticket_created", "  event: [unclosed"))).toEqual([
      expect.stringMatching(/^5:1 {2}.*fix the syntax/),
    ]);
  });

  it("reports an unknown tool where it is named, with a suggestion", () => {
    expect(
      issuesOf(validCharterYaml.replace("allowed: [lookup, draft_reply]", "allowed: [lookup, draft_replyy]")),
    ).toEqual([
      '17:21 tools.allowed[1] unknown tool "draft_replyy". Did you mean "draft_reply"? Known tools: lookup, draft_reply, update_lead, send_email, delete_account, unlisted',
    ]);
  });

  it("reports a bad enum value", () => {
    expect(issuesOf(validCharterYaml.replace("autonomy: draft", "autonomy: yolo"))).toEqual([
      '22:11 autonomy must be one of "shadow", "draft", "supervised", "autonomous", got "yolo"',
    ]);
  });

  it("reports a wrong type", () => {
    expect(
      issuesOf(validCharterYaml.replace("  confidenceThreshold: 0.8", "  confidenceThreshold: high")),
    ).toEqual(['15:24 decision.confidenceThreshold expected number, got "high"']);
  });

  it("reports a missing field at its parent", () => {
    expect(issuesOf(validCharterYaml.replace("instructions: Triage the ticket.\n", ""))).toEqual([
      "1:1 instructions is required (expected string)",
    ]);
  });

  it("reports a misspelt field and a typo inside a schema", () => {
    expect(issuesOf(validCharterYaml.replace("autonomy: draft", "autonomie: draft"))).toEqual([
      '1:1 autonomy is required (one of "shadow", "draft", "supervised", "autonomous")',
      "22:1 autonomie is not a known field (check the spelling or remove it)",
    ]);
    expect(
      issuesOf(validCharterYaml.replace("ticketId: { type: string }", "ticketId: { type: strng }")),
    ).toEqual([
      '9:23 input.properties.ticketId.type must be one of "string", "number", "integer", "boolean", "object", "array", "null", got "strng"',
    ]);
  });

  it("reports several problems at once", () => {
    const text = validCharterYaml
      .replace("autonomy: draft", "autonomy: yolo")
      .replace("version: 2", "version: []");
    expect(issuesOf(text)).toHaveLength(2);
  });

  it("reports an alias to an anchor that does not exist (found by the property test)", () => {
    expect(issuesOf("name: *missing\n")).toEqual([
      "1:7  Unresolved alias (the anchor must be set before the alias): missing (fix the syntax)",
    ]);
  });

  it("names unknown tools even when other fields are wrong too, in the file's order", () => {
    const text = validCharterYaml
      .replace("autonomy: draft", "autonomy: yolo")
      .replace("allowed: [lookup, draft_reply]", "allowed: [lookup, nope]");
    expect(issuesOf(text)).toEqual([
      '17:21 tools.allowed[1] unknown tool "nope". Known tools: lookup, draft_reply, update_lead, send_email, delete_account, unlisted',
      '22:11 autonomy must be one of "shadow", "draft", "supervised", "autonomous", got "yolo"',
    ]);
  });

  it("rejects a document that is not a mapping", () => {
    expect(issuesOf("- just\n- a list\n")).toEqual([
      "1:1  a charter must be a mapping of fields (name, version, trigger, input, decision, tools, …)",
    ]);
  });

  it("rejects a tool both allowed and forbidden, duplicate options and policies naming unknown tools", () => {
    const text = validCharterYaml
      .replace("forbidden: [delete_account]", "forbidden: [lookup]")
      .replace("options: [route, close, escalate_to_human]", "options: [route, close, route]")
      .replace("    tool: draft_reply\n", "    tool: draft_replys\n");
    expect(issuesOf(text)).toEqual([
      '12:27 decision.options[2] "route" is listed twice',
      '18:15 tools.forbidden[0] "lookup" is both allowed and forbidden; keep it in one list',
      '26:11 policies[0].tool unknown tool "draft_replys". Did you mean "draft_reply"? Known tools: lookup, draft_reply, update_lead, send_email, delete_account, unlisted',
    ]);
  });
});

describe("loadCharter", () => {
  it("reads JSON as well as YAML", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reins-charter-"));
    const file = join(dir, "charter.json");
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(JSON.stringify(parseYamlObject())), autonomy: 3 }, null, 2),
    );
    await expect(loadCharter(file, { registry })).rejects.toMatchObject({
      code: "REINS_CHARTER_INVALID",
      file,
      path: "autonomy",
      line: expect.any(Number),
    });
  });

  it("says which file is missing", async () => {
    await expect(loadCharter("/nonexistent/charter.yaml")).rejects.toMatchObject({
      code: "REINS_FILE_NOT_FOUND",
      message: "cannot read charter /nonexistent/charter.yaml: ENOENT",
    });
  });
});

describe("defineCharter", () => {
  it("accepts zod schemas and applies the same checks as YAML", () => {
    expect(() =>
      defineCharter({
        name: "Bad Name",
        version: 1,
        trigger: { event: "x" },
        input: { type: "object" },
        decision: { options: ["a"] },
        tools: { allowed: [] },
        autonomy: "draft",
        instructions: "x",
      }),
    ).toThrowError(UserError);
  });
});

function parseYamlObject(): Record<string, unknown> {
  const charter = parseCharter(validCharterYaml, "c.yaml", { registry });
  return {
    name: charter.name,
    version: charter.version,
    trigger: { event: charter.trigger.event },
    input: { type: "object" },
    decision: { options: [...charter.decision.options] },
    tools: { allowed: ["lookup"] },
    instructions: "x",
  };
}
