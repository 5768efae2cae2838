// Issue 11, finding 4: a non-idempotent action that timed out was executed again by resume (keys `…:call-1` and
// `…:call-1#1`). Its outcome is unknown, as after a crash: the run escalates `action_outcome_unknown`, never repeats it.
import { setTimeout as sleep } from "node:timers/promises";
import { createToolRegistry, defineTool, functionAgent, type RunResult, resumeRun, runAgent } from "reins";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

describe("a non-idempotent action that timed out", () => {
  it("is never executed again: the run escalates action_outcome_unknown, on resume or at once", async () => {
    const executions: string[] = [];
    const effects: string[] = [];
    const chargeCard = defineTool({
      name: "charge_card",
      purpose: "Charge the customer's card.",
      effect: "action",
      input: z.object({ amount: z.number() }),
      output: z.object({ ok: z.literal(true) }),
      safeUse: ["Once per order."],
      unsafeUse: ["Twice."],
      idempotent: false,
      timeoutMs: 300,
      retries: 0,
      // The charge lands after the timeout: the caller cannot know whether it happened.
      execute: async (_input, ctx) => {
        executions.push(ctx.idempotencyKey);
        await sleep(500);
        effects.push(ctx.idempotencyKey);
        return { ok: true as const };
      },
    });
    const registry = createToolRegistry([chargeCard]);
    const charter = testCharter("timed-out-action", registry);
    const agent = functionAgent("charger", async ({ call }) => {
      await call("charge_card", { amount: 100 });
      return { type: "decision", decision: { decision: "done", confidence: 1 } };
    });
    const options = { charter, registry, agent, store: t.store, audit: t.audit };

    const first = await runAgent({ ...options, input: {}, runId: "charge-1" });
    // Today the run pauses on the tool failure; a fix may escalate at once. Either way, a human's resume must not
    // run the charge again.
    let final: RunResult = first;
    if (first.status === "suspended") final = await resumeRun({ ...options, runId: "charge-1" });
    await sleep(600); // let any execution still in flight land its effect

    expect(executions).toEqual(["charge-1:call-1"]);
    expect(effects).toEqual(["charge-1:call-1"]);
    expect(final.status).toBe("completed");
    expect(final.outcome).toMatchObject({ type: "escalation", reason: "action_outcome_unknown" });
    const types = (await t.store.audit.list("charge-1")).map((e) => e.type);
    expect(types.filter((type) => type === "run.ended")).toHaveLength(1);
  });
});
