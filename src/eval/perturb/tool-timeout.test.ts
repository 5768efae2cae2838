import { describe, expect, it } from "vitest";
import { baseCase, makeCharter, registry, requiring } from "./__fixtures__/ticket-workflow.js";
import { toolTimeout } from "./tool-timeout.js";

const context = { charter: makeCharter(), registry };

describe("tool-timeout", () => {
  it("hangs the first call of the first required read tool that is retried; expects the retry", () => {
    const base = baseCase();
    expect(toolTimeout(base, context)).toEqual({
      ...baseCase(),
      faults: [
        { tool: "lookup_customer", kind: "timeout", calls: [1] },
        { tool: "update_ticket", kind: "slow", delayMs: 5 },
      ],
      expect: { ...baseCase().expect, recovery: ["retry"] },
    });
    expect(base).toEqual(baseCase());
  });

  it("passes over tools whose card escalates instead of retrying", () => {
    const derived = toolTimeout(requiring(baseCase(), ["risk_check", "search_kb"]), context);
    expect(derived?.faults[0]).toEqual({ tool: "search_kb", kind: "timeout", calls: [1] });
  });

  it("does not apply when no required read tool is retried", () => {
    expect(
      toolTimeout(requiring(baseCase(), ["fetch_history", "risk_check", "update_ticket"]), context),
    ).toBe(undefined);
    expect(toolTimeout(requiring(baseCase(), []), context)).toBeUndefined();
    expect(toolTimeout(requiring(baseCase(), ["not_registered"]), context)).toBeUndefined();
  });
});
