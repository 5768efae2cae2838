import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseToolInput } from "./parse-input.js";
import { defineTool } from "./tool-card.js";

const lookup = defineTool({
  name: "lookup",
  purpose: "Read a record.",
  effect: "read",
  input: z.object({ id: z.string(), limit: z.number().default(10) }),
  output: z.unknown(),
  safeUse: ["Before deciding."],
  unsafeUse: ["Never."],
  idempotent: true,
  execute: () => null,
});

describe("parseToolInput", () => {
  it("parses once for the gate and the execution of the same call", () => {
    const input = { id: "A-1" };
    const first = parseToolInput(lookup, input);
    expect(first).toEqual({ success: true, data: { id: "A-1", limit: 10 } });
    expect(parseToolInput(lookup, input)).toBe(first);
  });

  it("parses again for another input, even an equal one, and reports invalid input", () => {
    const first = parseToolInput(lookup, { id: "A-1" });
    const again = parseToolInput(lookup, { id: "A-1" });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    const bad = parseToolInput(lookup, { id: 7 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["id"]);
  });
});
