// Issue 11, finding 2: agent code that catches everything turns a suspension into a completed run. The interrupt must
// be recorded on the run before it is thrown, honoured even when swallowed, and any further call() refused.

import { createToolRegistry, defineTool, functionAgent, runAgent, type ToolCallResult } from "reins";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

interface World {
  decisions: string[];
  notes: string[];
}

const recordDecision = defineTool({
  name: "record_decision",
  purpose: "Record the decision in the CRM.",
  effect: "action",
  input: z.object({ decision: z.string() }),
  output: z.object({ ok: z.literal(true) }),
  safeUse: ["Once, at the end."],
  unsafeUse: ["Before deciding."],
  idempotent: true,
  execute: ({ decision }, ctx) => {
    (ctx.env as World).decisions.push(decision);
    return { ok: true as const };
  },
});

const readNotes = defineTool({
  name: "read_notes",
  purpose: "Read the account's notes (a read: no approval needed).",
  effect: "read",
  input: z.object({ account: z.string() }),
  output: z.object({ notes: z.string() }),
  safeUse: ["Any time."],
  unsafeUse: ["Never."],
  idempotent: true,
  execute: ({ account }, ctx) => {
    (ctx.env as World).notes.push(account);
    return { notes: "Renewal in March." };
  },
});

const registry = createToolRegistry([recordDecision, readNotes]);
const charter = testCharter("swallowed-suspension", registry, { autonomy: "supervised" });

const supervisedReason = {
  rule: "autonomy",
  code: "AUTONOMY_SUPERVISED",
  message: '"record_decision" is an action; under supervised autonomy it runs after approval',
};

describe("a function agent that swallows every exception", () => {
  it("still leaves its run suspended on the approval it needs, not completed", async () => {
    const world: World = { decisions: [], notes: [] };
    const agent = functionAgent("swallower", async ({ call }) => {
      try {
        await call("record_decision", { decision: "done" });
      } catch {
        // Agent code that catches everything, as users write it.
      }
      return { type: "decision", decision: { decision: "done", confidence: 1 } };
    });

    const result = await runAgent({
      charter,
      registry,
      agent,
      input: {},
      store: t.store,
      audit: t.audit,
      env: world,
      runId: "swallow-1",
    });

    const approvalId = result.suspended?.kind === "approval" ? result.suspended.approval.approvalId : "";
    expect({ status: result.status, outcome: result.outcome, suspended: result.suspended }).toEqual({
      status: "suspended",
      outcome: null,
      suspended: {
        kind: "approval",
        approval: {
          approvalId: expect.stringMatching(/^appr_[0-9a-f]{16}$/),
          callId: "call-1",
          toolName: "record_decision",
          reasons: [supervisedReason],
        },
      },
    });
    expect((await t.store.runs.get("swallow-1"))?.status).toBe("suspended");
    expect(
      (await t.store.approvals.list({ runId: "swallow-1", status: "pending" })).map((a) => a.id),
    ).toEqual([approvalId]);
    const types = (await t.store.audit.list("swallow-1")).map((e) => e.type);
    expect(types).not.toContain("run.ended");
    expect(types.at(-1)).toBe("run.suspended");
    expect(world.decisions).toEqual([]);
  });

  it("has any further call() refused with a clear error, and that tool never runs", async () => {
    const world: World = { decisions: [], notes: [] };
    let second: { threw: string } | { returned: ToolCallResult } | undefined;
    const agent = functionAgent("swallower", async ({ call }) => {
      try {
        await call("record_decision", { decision: "done" });
      } catch {
        // Swallowed.
      }
      try {
        second = { returned: await call("read_notes", { account: "acme.com" }) };
      } catch (error) {
        second = { threw: error instanceof Error ? error.message : String(error) };
      }
      return { type: "decision", decision: { decision: "done", confidence: 1 } };
    });

    const result = await runAgent({
      charter,
      registry,
      agent,
      input: {},
      store: t.store,
      audit: t.audit,
      env: world,
      runId: "swallow-2",
    });

    // Refused: thrown, or returned as an error result, with a message that says the run is suspended.
    const refusal =
      second === undefined
        ? "call() never answered"
        : "threw" in second
          ? second.threw
          : second.returned.status === "error"
            ? second.returned.message
            : `not refused: ${JSON.stringify(second.returned)}`;
    expect(refusal).toMatch(/suspend/i);
    expect(world.notes).toEqual([]);
    expect(world.decisions).toEqual([]);
    expect(result.status).toBe("suspended");
    expect(result.toolCalls.map((c) => [c.callId, c.toolName, c.status])).toEqual([
      ["call-1", "record_decision", "pending-approval"],
    ]);
    expect((await t.store.runs.get("swallow-2"))?.status).toBe("suspended");
    const executed = (await t.store.audit.list("swallow-2")).filter((e) => e.type === "tool.executed");
    expect(executed).toEqual([]);
  });
});
