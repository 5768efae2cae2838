import { describe, expect, it } from "vitest";
import { charter, makeCharter, registry } from "./__fixtures__/crm-workflow.js";
import { buildModelTools } from "./model-tools.js";

describe("buildModelTools", () => {
  it("offers the charter's tools and the control tools as provider function tools", () => {
    const tools = buildModelTools(charter, registry);
    expect(tools.map((tool) => tool.name)).toEqual([
      ...charter.tools.allowed,
      "reins_decide",
      "reins_escalate",
      "reins_ask",
      "reins_refuse",
    ]);
    expect(tools.find((tool) => tool.name === "lookup")).toEqual({
      type: "function",
      name: "lookup",
      description: "Read an account by domain. Use when: Before deciding.. Never: With personal domains..",
      inputSchema: {
        type: "object",
        properties: { domain: { type: "string", minLength: 3 } },
        required: ["domain"],
      },
    });
    expect(tools.find((tool) => tool.name === "reins_refuse")).toEqual({
      type: "function",
      name: "reins_refuse",
      description: "Finish by refusing: the request is outside the charter or against policy. Say why.",
      inputSchema: { type: "object", properties: { reason: { type: "string" } }, required: ["reason"] },
    });
    // Action tools take the reserved confidence and basedOn arguments.
    expect(
      Object.keys(
        (tools.find((tool) => tool.name === "update_lead")?.inputSchema.properties ?? {}) as object,
      ),
    ).toEqual(["leadId", "status", "owner", "confidence", "basedOn"]);
  });

  it("shows the model a field's `pattern`, which RE2 checks rather than zod", () => {
    const patterned = makeCharter({
      decision: {
        options: ["qualified", "nurture", "disqualified"],
        confidenceThreshold: 0.7,
        fields: { region: { type: "string", pattern: "^[A-Z]{2}$" } },
      },
    });
    const decide = buildModelTools(patterned, registry).find((tool) => tool.name === "reins_decide");
    const properties = decide?.inputSchema.properties as Record<string, unknown>;
    expect(properties.region).toEqual({ type: "string", pattern: "^[A-Z]{2}$" });
  });

  it("builds them once per charter and registry, and shares them frozen", () => {
    const tools = buildModelTools(charter, registry);
    expect(buildModelTools(charter, registry)).toBe(tools);
    expect(Object.isFrozen(tools)).toBe(true);
    const other = makeCharter({ instructions: "Other." });
    expect(buildModelTools(other, registry)).not.toBe(tools);
    expect(buildModelTools(other, registry)).toEqual(tools);
  });
});
