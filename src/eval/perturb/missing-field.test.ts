import { describe, expect, it } from "vitest";
import { checkRunInput } from "../../runtime/input-check.js";
import { appliedCase, reasonOf } from "./__fixtures__/expect-applied.js";
import { baseCase, makeCharter, registry } from "./__fixtures__/ticket-workflow.js";
import { missingField } from "./missing-field.js";

const common = {
  id: "double-charge",
  kind: "success",
  impact: "high",
  description: "A double charge goes to billing.",
  tags: ["billing"],
  world: { tickets: { "T-1": { queue: null } } },
  faults: [{ tool: "update_ticket", kind: "slow", delayMs: 5 }],
  notes: "Written by hand.",
};

describe("missing-field", () => {
  it("removes the first required field and expects a request for it (recovery.missingInput: ask)", () => {
    const charter = makeCharter();
    const result = missingField(baseCase(), { charter, registry });
    expect(result).toMatchObject({ change: "removed input.ticketId" });
    const derived = appliedCase(result);
    expect(derived).toEqual({
      ...common,
      input: {
        body: "I was charged twice.",
        customer: { email: "ada@example.com", note: "VIP" },
        priority: 2,
      },
      expect: {
        outcome: "needs-input",
        asks: ["ticketId"],
        fields: {},
        tools: { required: [], ordered: true, forbidden: ["send_reply"] },
        world: "none",
        noAction: true,
        recovery: ["ask"],
      },
      oracle: [{ conclude: { ask: ["ticketId"], question: "Please provide the missing field ticketId." } }],
    });
    expect(checkRunInput(charter, derived.input)).toEqual({
      type: "needs-input",
      fields: ["ticketId"],
      question: "Please provide the missing field ticketId.",
    });
  });

  it("expects an escalation with missing_input when the charter escalates", () => {
    const charter = makeCharter({ missingInput: "escalate" });
    const result = missingField(baseCase(), { charter, registry });
    expect(result).toMatchObject({ change: "removed input.ticketId" });
    const derived = appliedCase(result);
    expect(derived).toEqual({
      ...common,
      input: {
        body: "I was charged twice.",
        customer: { email: "ada@example.com", note: "VIP" },
        priority: 2,
      },
      expect: {
        outcome: "escalation",
        escalation: { reason: "missing_input" },
        fields: {},
        tools: { required: [], ordered: true, forbidden: ["send_reply"] },
        world: "none",
        noAction: true,
        recovery: ["escalate"],
      },
      oracle: [{ conclude: { escalate: "missing_input" } }],
    });
    expect(checkRunInput(charter, derived.input)).toMatchObject({
      type: "escalation",
      reason: "missing_input",
    });
  });

  it("skips required fields the input lacks already: removes the next one present", () => {
    const base = baseCase({ input: { body: "Hi", customer: { email: "a@b.c", note: "" } } });
    expect(appliedCase(missingField(base, { charter: makeCharter(), registry })).input).toEqual({
      customer: { email: "a@b.c", note: "" },
    });
  });

  it("never removes optional fields or fields with a default", () => {
    const base = baseCase({ input: { channel: "chat", priority: 1 } });
    expect(reasonOf(missingField(base, { charter: makeCharter(), registry }))).toBe(
      "the input has none of the charter's required fields",
    );
  });

  it("does not apply to an input that is not an object", () => {
    for (const input of ["T-1", ["T-1"], null]) {
      expect(reasonOf(missingField(baseCase({ input }), { charter: makeCharter(), registry }))).toBe(
        "the case's input is not an object",
      );
    }
  });

  it("does not change the base case", () => {
    const base = baseCase();
    missingField(base, { charter: makeCharter(), registry });
    expect(base).toEqual(baseCase());
  });
});
