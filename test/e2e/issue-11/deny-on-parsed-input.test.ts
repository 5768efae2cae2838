// Issue 11, finding 3: a deny policy was judged on the raw arguments while the tool ran on the parsed ones, so
// `percent: "50"` (coerced to 50) and `" Closed "` (trimmed, lower-cased) got past a deny. The gate must judge the
// parsed input, at every autonomy level.

import { type AutonomyLevel, createToolRegistry, defineTool, functionAgent, runAgent } from "reins";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

const discountReason = "Discounts above 20% need the sales director.";
const closedReason = "A closed deal is never reopened by an agent.";

function setup() {
  const applied: unknown[] = [];
  const applyDiscount = defineTool({
    name: "apply_discount",
    purpose: "Apply a discount to the quote.",
    effect: "action",
    input: z.object({ percent: z.coerce.number() }),
    output: z.object({ ok: z.literal(true) }),
    safeUse: ["Within policy."],
    unsafeUse: ["Above policy."],
    idempotent: true,
    execute: (input) => {
      applied.push(input);
      return { ok: true as const };
    },
  });
  const setStatus = defineTool({
    name: "set_status",
    purpose: "Set the deal's status.",
    effect: "action",
    input: z.object({ status: z.string().trim().toLowerCase() }),
    output: z.object({ ok: z.literal(true) }),
    safeUse: ["While the deal is open."],
    unsafeUse: ["To close or reopen a deal."],
    idempotent: true,
    execute: (input) => {
      applied.push(input);
      return { ok: true as const };
    },
  });
  const registry = createToolRegistry([applyDiscount, setStatus]);
  const charter = testCharter("deny-parsed", registry, {
    policies: [
      {
        name: "no-big-discounts",
        tool: "apply_discount",
        when: { field: "percent", gt: 20 },
        verdict: "deny",
        reason: discountReason,
      },
      {
        name: "no-closing",
        tool: "set_status",
        when: { field: "status", equals: "closed" },
        verdict: "deny",
        reason: closedReason,
      },
    ],
  });
  return { applied, registry, charter };
}

async function runOne(toolName: string, input: unknown, autonomy: AutonomyLevel) {
  const { applied, registry, charter } = setup();
  const agent = functionAgent("attacker", async ({ call }) => {
    await call(toolName, input);
    return { type: "decision", decision: { decision: "done", confidence: 1 } };
  });
  const result = await runAgent({
    charter,
    registry,
    agent,
    input: {},
    store: t.store,
    audit: t.audit,
    autonomy,
    runId: "deny-1",
  });
  const approvals = await t.store.approvals.list({ runId: "deny-1" });
  return { applied, result, approvals };
}

describe("a deny policy is judged on the input the tool would run on", () => {
  it('denies apply_discount { percent: "50" } under `percent > 20 → deny`, and does not execute it', async () => {
    const { applied, result, approvals } = await runOne("apply_discount", { percent: "50" }, "autonomous");
    expect(applied).toEqual([]);
    expect(result.toolCalls.map((c) => [c.toolName, c.status, c.verdict])).toEqual([
      [
        "apply_discount",
        "denied",
        {
          type: "deny",
          reasons: [{ rule: "no-big-discounts", code: "POLICY_DENY", message: discountReason }],
        },
      ],
    ]);
    expect(approvals).toEqual([]);
  });

  it('denies set_status { status: " Closed " } under `status equals closed → deny`, and does not execute it', async () => {
    const { applied, result, approvals } = await runOne("set_status", { status: " Closed " }, "autonomous");
    expect(applied).toEqual([]);
    expect(result.toolCalls.map((c) => [c.toolName, c.status, c.verdict])).toEqual([
      [
        "set_status",
        "denied",
        { type: "deny", reasons: [{ rule: "no-closing", code: "POLICY_DENY", message: closedReason }] },
      ],
    ]);
    expect(approvals).toEqual([]);
  });

  it.each([
    ["apply_discount", { percent: "50" }, "no-big-discounts", discountReason],
    ["set_status", { status: " Closed " }, "no-closing", closedReason],
  ])(
    "under supervised autonomy still denies %s %j: no approval is requested",
    async (tool, input, rule, message) => {
      const { applied, result, approvals } = await runOne(tool, input, "supervised");
      expect(applied).toEqual([]);
      expect(result.status).toBe("completed");
      expect(result.suspended).toBeUndefined();
      expect(result.toolCalls.map((c) => [c.toolName, c.status, c.verdict.type])).toEqual([
        [tool, "denied", "deny"],
      ]);
      expect(
        result.toolCalls[0]?.verdict.type === "deny" && result.toolCalls[0].verdict.reasons,
      ).toContainEqual({
        rule,
        code: "POLICY_DENY",
        message,
      });
      expect(approvals).toEqual([]);
    },
  );
});
