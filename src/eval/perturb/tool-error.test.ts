import { describe, expect, it } from "vitest";
import { appliedCase, reasonOf } from "./__fixtures__/expect-applied.js";
import { baseCase, makeCharter, registry, requiring } from "./__fixtures__/ticket-workflow.js";
import { toolError } from "./tool-error.js";

const pause = { charter: makeCharter(), registry };
const escalate = { charter: makeCharter({ toolFailure: "escalate" }), registry };
const carryOn = { charter: makeCharter({ toolFailure: "continue" }), registry };

const handWritten = { tool: "update_ticket", kind: "slow", delayMs: 5 };

describe("tool-error", () => {
  it("a card with a fallback: labels unchanged, the fallback expected", () => {
    const base = requiring(baseCase(), ["search_kb", "update_ticket"]);
    expect(toolError(base, pause)).toEqual({
      kind: "applied",
      case: {
        ...base,
        faults: [{ tool: "search_kb", kind: "error" }, handWritten],
        expect: { ...base.expect, recovery: ["fallback"] },
      },
      change: "tool-error on every search_kb call",
    });
  });

  it("charter pauses: the run pauses at the broken call, with no conclusion", () => {
    expect(toolError(baseCase(), pause)).toMatchObject({ change: "tool-error on every fetch_history call" });
    expect(appliedCase(toolError(baseCase(), pause))).toEqual({
      id: "double-charge",
      kind: "success",
      impact: "high",
      description: "A double charge goes to billing.",
      tags: ["billing"],
      input: {
        ticketId: "T-1",
        body: "I was charged twice.",
        customer: { email: "ada@example.com", note: "VIP" },
        priority: 2,
      },
      world: { tickets: { "T-1": { queue: null } } },
      expect: {
        outcome: "paused",
        fields: {},
        tools: { required: [], ordered: true, forbidden: ["send_reply"] },
        world: "none",
        noAction: true,
        recovery: ["pause"],
      },
      oracle: [{ tool: "fetch_history", input: { ticketId: "T-1" } }],
      faults: [{ tool: "fetch_history", kind: "error" }, handWritten],
      notes: "Written by hand.",
    });
  });

  it("charter escalates: an escalation with tool_failure after the broken call", () => {
    const base = requiring(baseCase(), ["update_ticket", "lookup_customer", "search_kb"]);
    expect(appliedCase(toolError(base, escalate))).toEqual({
      ...baseCase(),
      expect: {
        outcome: "escalation",
        escalation: { reason: "tool_failure" },
        fields: {},
        tools: { required: [], ordered: true, forbidden: ["send_reply"] },
        world: "none",
        noAction: true,
        recovery: ["escalate"],
      },
      oracle: [
        { tool: "fetch_history", input: { ticketId: "T-1" } },
        { tool: "lookup_customer", input: { email: "ada@example.com" } },
        { conclude: { escalate: "tool_failure" } },
      ],
      faults: [{ tool: "lookup_customer", kind: "error" }, handWritten],
    });
  });

  it("a card that escalates its own failures escalates even when the charter pauses", () => {
    const derived = appliedCase(toolError(requiring(baseCase(), ["risk_check"]), pause));
    expect(derived.expect).toEqual({
      outcome: "escalation",
      escalation: { reason: "tool_failure" },
      fields: {},
      tools: { required: [], ordered: true, forbidden: ["send_reply"] },
      world: "none",
      noAction: true,
      recovery: ["escalate"],
    });
    // The oracle never calls risk_check: no replayable oracle is left.
    expect(derived).not.toHaveProperty("oracle");
  });

  it("does not apply when the charter continues (the suite must declare it)", () => {
    expect(reasonOf(toolError(baseCase(), carryOn))).toMatch(
      /^no fallback and no error failure mode answering escalate .* recovery\.toolFailure is continue/,
    );
  });

  it("still applies with `continue` when the fallback answers", () => {
    const derived = appliedCase(toolError(requiring(baseCase(), ["search_kb"]), carryOn));
    expect(derived.expect.recovery).toEqual(["fallback"]);
  });

  it("does not apply when the oracle acts before the broken call (the world would change)", () => {
    const base = baseCase({
      oracle: [
        { tool: "update_ticket", input: { ticketId: "T-1", queue: "billing" } },
        { tool: "fetch_history", input: { ticketId: "T-1" } },
        { conclude: { decision: "route", queue: "billing" } },
      ],
    });
    expect(reasonOf(toolError(base, pause))).toBe(
      "the oracle acts before the broken tool's first call (the world would not stay unchanged)",
    );
  });

  it("keeps a case without an oracle without one", () => {
    const derived = appliedCase(toolError(baseCase({ oracle: undefined }), pause));
    expect(derived.expect.outcome).toBe("paused");
    expect(derived).not.toHaveProperty("oracle");
  });

  it("does not apply when no required tool is a read tool", () => {
    expect(reasonOf(toolError(requiring(baseCase(), ["update_ticket"]), pause))).toBe(
      "the case requires no read tool",
    );
  });
});
