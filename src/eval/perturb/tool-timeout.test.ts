import { describe, expect, it } from "vitest";
import { appliedCase, reasonOf } from "./__fixtures__/expect-applied.js";
import { baseCase, makeCharter, registry, requiring } from "./__fixtures__/ticket-workflow.js";
import { toolTimeout } from "./tool-timeout.js";

const context = { charter: makeCharter(), registry };

describe("tool-timeout", () => {
  it("hangs the first call of the first required read tool that is retried; expects the retry", () => {
    const base = baseCase();
    expect(toolTimeout(base, context)).toEqual({
      kind: "applied",
      case: {
        ...baseCase(),
        faults: [
          { tool: "lookup_customer", kind: "timeout", calls: [1] },
          { tool: "update_ticket", kind: "slow", delayMs: 5 },
        ],
        expect: { ...baseCase().expect, recovery: ["retry"] },
      },
      change: "timeout on lookup_customer call 1",
    });
    expect(base).toEqual(baseCase());
  });

  it("passes over tools whose card escalates instead of retrying", () => {
    const derived = appliedCase(toolTimeout(requiring(baseCase(), ["risk_check", "search_kb"]), context));
    expect(derived.faults[0]).toEqual({ tool: "search_kb", kind: "timeout", calls: [1] });
  });

  it("does not apply when no required read tool is retried", () => {
    const reason =
      "no required read tool is retried on a timeout (retries ≥ 1 and a failure mode answering retry)";
    expect(
      reasonOf(toolTimeout(requiring(baseCase(), ["fetch_history", "risk_check", "update_ticket"]), context)),
    ).toBe(reason);
    expect(reasonOf(toolTimeout(requiring(baseCase(), []), context))).toBe(reason);
    expect(reasonOf(toolTimeout(requiring(baseCase(), ["not_registered"]), context))).toBe(reason);
  });
});
