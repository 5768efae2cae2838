import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool, ToolFailure } from "../contract/tool-card.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import { executeTool } from "./execute-tool.js";

describe("executeTool", () => {
  it("recognises a ToolFailure thrown by another copy of the package (no instanceof)", async () => {
    // What a workflow's tools.ts throws when it loaded a different copy of reins than the CLI running it.
    const foreign = Object.assign(new Error("two accounts"), {
      condition: "conflict",
      [Symbol.for("reins.tool-failure")]: true,
    });
    expect(ToolFailure.isInstance(foreign)).toBe(true);
    expect(ToolFailure.isInstance(new Error("plain"))).toBe(false);
    const card = defineTool({
      name: "lookup",
      purpose: "x",
      effect: "read",
      input: z.object({}),
      output: z.object({}),
      safeUse: ["x"],
      unsafeUse: ["y"],
      failureModes: [{ when: "conflict", response: "escalate" }],
      idempotent: true,
      execute: () => {
        throw foreign;
      },
    });
    const result = await executeTool({
      card,
      input: {},
      context: { runId: "r", callId: "c", idempotencyKey: "r:c", env: undefined },
      registry: createToolRegistry([card]),
    });
    expect(result).toEqual({
      status: "failed",
      condition: "conflict",
      message: "two accounts",
      response: "escalate",
      attempts: 1,
    });
  });
});
