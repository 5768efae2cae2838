import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineTool } from "../contract/tool-card.js";
import { createToolRegistry } from "../contract/tool-registry.js";
import { checkRuleFields } from "./check-rule-fields.js";
import { type DeclarativeRule, declarativeRuleSchema } from "./declarative-rule.js";

const tool = (name: string, effect: "read" | "action", input: z.ZodType) =>
  defineTool({
    name,
    purpose: "A test tool.",
    effect,
    input,
    output: z.object({}),
    safeUse: ["Always."],
    unsafeUse: ["Never."],
    idempotent: true,
    execute: () => ({}),
  });

const registry = createToolRegistry([
  tool(
    "pay",
    "action",
    z.object({ amount: z.number(), memo: z.string(), to: z.object({ iban: z.string() }) }),
  ),
  tool("refund", "action", z.object({ amount: z.number() })),
  tool("lookup", "read", z.object({ id: z.string() })),
]);
const rule = (raw: object): DeclarativeRule => declarativeRuleSchema.parse({ name: "r", ...raw });
const deny = { verdict: "deny", reason: "No." };

describe("checkRuleFields", () => {
  it("accepts fields every named tool has, dotted ones too", () => {
    expect(
      checkRuleFields(rule({ tool: "pay", when: { field: "to.iban", matches: "^DE" }, ...deny }), registry),
    ).toEqual([]);
    expect(
      checkRuleFields(
        rule({ tools: ["pay", "refund"], when: { field: "amount", gt: 1 }, ...deny }),
        registry,
      ),
    ).toEqual([]);
  });

  it("names the tool that lacks the field, and suggests the field a number comparison means", () => {
    expect(
      checkRuleFields(rule({ tool: "refund", when: { field: "total", gt: 10000 }, ...deny }), registry),
    ).toEqual([
      {
        path: ["when", "field"],
        message:
          'field "total" is not in the input of tool "refund": "total" has no such field; it has amount (did you mean amount?)',
      },
    ]);
    expect(
      checkRuleFields(
        rule({ tools: ["pay", "refund"], when: [{ field: "memo", equals: "x" }], ...deny }),
        registry,
      ),
    ).toEqual([
      {
        path: ["when", 0, "field"],
        message: 'field "memo" is not in the input of tool "refund": "memo" has no such field; it has amount',
      },
    ]);
    expect(checkRuleFields(rule({ tool: "pay", protectFields: ["to.ibn"] }), registry)).toEqual([
      {
        path: ["protectFields", 0],
        message:
          'field "to.ibn" is not in the input of tool "pay": "ibn" under "to" has no such field; it has iban (did you mean iban?)',
      },
    ]);
  });

  it("a rule matched by effect needs the field on one of its tools, and at least one tool", () => {
    expect(
      checkRuleFields(rule({ effect: "action", when: { field: "memo", equals: "x" }, ...deny }), registry),
    ).toEqual([]);
    expect(
      checkRuleFields(rule({ effect: "read", when: { field: "amount", gt: 1 }, ...deny }), registry),
    ).toEqual([
      {
        path: ["when", "field"],
        message: 'field "amount" is in the input of no tool this rule matches (lookup)',
      },
    ]);
    expect(checkRuleFields(rule({ effect: "draft", maxCalls: 1 }), registry)).toEqual([
      { path: ["effect"], message: 'no registered tool has effect "draft": the rule never applies' },
    ]);
  });
});
