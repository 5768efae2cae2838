// Issue 11, finding 9: model-chosen call ids that collide with object built-ins (`__proto__`, `constructor`) made a
// call vanish from the audit log or fail the run, because keyed collections were plain objects. They are ordinary ids.

import {
  type Agent,
  createToolRegistry,
  decideApproval,
  defineTool,
  functionAgent,
  modelAgent,
  resumeRun,
  runAgent,
} from "reins";
import { scriptedModel } from "reins/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { testCharter } from "./test-charter.js";
import { useTestStore } from "./test-store.js";

const t = useTestStore();

interface World {
  lookups: string[];
  updates: string[];
}

const lookup = defineTool({
  name: "lookup",
  purpose: "Read an account by domain.",
  effect: "read",
  input: z.object({ domain: z.string() }),
  output: z.object({ owner: z.string() }),
  safeUse: ["Before deciding."],
  unsafeUse: ["Never."],
  idempotent: true,
  execute: ({ domain }, ctx) => {
    (ctx.env as World).lookups.push(domain);
    return { owner: "ana" };
  },
});

const updateLead = defineTool({
  name: "update_lead",
  purpose: "Record a lead's status.",
  effect: "action",
  input: z.object({ leadId: z.string(), status: z.string() }),
  output: z.object({ ok: z.literal(true) }),
  safeUse: ["To record the decision."],
  unsafeUse: ["Never twice."],
  idempotent: true,
  execute: ({ leadId }, ctx) => {
    (ctx.env as World).updates.push(leadId);
    return { ok: true as const };
  },
});

const registry = createToolRegistry([lookup, updateLead]);

/** A model that looks up with call id `__proto__`, updates with call id `constructor`, then decides. */
function collidingModel() {
  return scriptedModel({
    steps: [
      {
        toolCalls: [
          { toolName: "lookup", input: { domain: "acme.com" }, toolCallId: "__proto__" },
          {
            toolName: "update_lead",
            input: { leadId: "L-1", status: "qualified" },
            toolCallId: "constructor",
          },
        ],
      },
      { toolCalls: [{ toolName: "reins_decide", input: { decision: "done", confidence: 0.9 } }] },
    ],
  });
}

async function callEvents(runId: string) {
  return (await t.store.audit.list(runId))
    .filter((e) => e.type === "tool.proposed" || e.type === "tool.executed" || e.type === "tool.replayed")
    .map((e) => [e.type, (e.data as { callId: string }).callId]);
}

async function approveAndResume(runId: string, agent: Agent, world: World, approvalId: string) {
  await decideApproval({
    store: t.store,
    audit: t.audit,
    approvalId,
    decision: "approved",
    decidedBy: "maria",
  });
  return resumeRun({
    runId,
    charter: testCharter("builtin-ids", registry, { autonomy: "supervised" }),
    registry,
    agent,
    store: t.store,
    audit: t.audit,
    env: world,
  });
}

describe("call ids named like object built-ins", () => {
  it("`__proto__` and `constructor` from a model: both calls execute and are in the result and the audit log", async () => {
    const world: World = { lookups: [], updates: [] };
    const result = await runAgent({
      charter: testCharter("builtin-ids", registry),
      registry,
      agent: modelAgent(collidingModel()),
      input: {},
      store: t.store,
      audit: t.audit,
      env: world,
      runId: "ids-1",
    });

    expect({ status: result.status, outcome: result.outcome }).toEqual({
      status: "completed",
      outcome: { type: "decision", decision: { decision: "done", confidence: 0.9 }, draft: false },
    });
    expect(result.toolCalls.map((c) => [c.callId, c.toolName, c.status])).toEqual([
      ["__proto__", "lookup", "executed"],
      ["constructor", "update_lead", "executed"],
    ]);
    expect(world).toEqual({ lookups: ["acme.com"], updates: ["L-1"] });
    expect(await callEvents("ids-1")).toEqual([
      ["tool.proposed", "__proto__"],
      ["tool.executed", "__proto__"],
      ["tool.proposed", "constructor"],
      ["tool.executed", "constructor"],
    ]);
  });

  it("a model run suspended on the `constructor` call resumes after approval and executes it once", async () => {
    const world: World = { lookups: [], updates: [] };
    const agent = modelAgent(collidingModel());
    const first = await runAgent({
      charter: testCharter("builtin-ids", registry, { autonomy: "supervised" }),
      registry,
      agent,
      input: {},
      store: t.store,
      audit: t.audit,
      env: world,
      runId: "ids-2",
    });
    expect(first.suspended).toMatchObject({ kind: "approval", approval: { callId: "constructor" } });
    const approvalId = first.suspended?.kind === "approval" ? first.suspended.approval.approvalId : "";

    const resumed = await approveAndResume("ids-2", agent, world, approvalId);
    expect(resumed.status).toBe("completed");
    expect(resumed.toolCalls.map((c) => [c.callId, c.status, c.approvedBy])).toEqual([
      ["__proto__", "executed", undefined],
      ["constructor", "executed", "maria"],
    ]);
    expect(world).toEqual({ lookups: ["acme.com"], updates: ["L-1"] });
  });

  it("a function agent's calls named `__proto__` and `constructor` replay from the journal on resume", async () => {
    const world: World = { lookups: [], updates: [] };
    let answers: unknown[] = [];
    const agent = functionAgent("colliding", async ({ call }) => {
      answers = [
        await call("lookup", { domain: "acme.com" }, { callId: "__proto__" }),
        await call("update_lead", { leadId: "L-1", status: "qualified" }, { callId: "constructor" }),
      ];
      return { type: "decision", decision: { decision: "done", confidence: 0.9 } };
    });
    const first = await runAgent({
      charter: testCharter("builtin-ids", registry, { autonomy: "supervised" }),
      registry,
      agent,
      input: {},
      store: t.store,
      audit: t.audit,
      env: world,
      runId: "ids-3",
    });
    expect(first.toolCalls.map((c) => [c.callId, c.status])).toEqual([
      ["__proto__", "executed"],
      ["constructor", "pending-approval"],
    ]);
    const approvalId = first.suspended?.kind === "approval" ? first.suspended.approval.approvalId : "";

    const resumed = await approveAndResume("ids-3", agent, world, approvalId);
    expect(resumed.status).toBe("completed");
    expect(answers).toEqual([
      { status: "ok", output: { owner: "ana" } },
      { status: "ok", output: { ok: true } },
    ]);
    expect(world).toEqual({ lookups: ["acme.com"], updates: ["L-1"] });
    expect(await callEvents("ids-3")).toEqual([
      ["tool.proposed", "__proto__"],
      ["tool.executed", "__proto__"],
      ["tool.proposed", "constructor"],
      ["tool.proposed", "constructor"],
      ["tool.executed", "constructor"],
    ]);
  });
});
