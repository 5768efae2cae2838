import { Agent, Runner, setTracingDisabled } from "@openai/agents-core";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAudit } from "../audit/verify-audit.js";
import { definePolicy } from "../policy/policy-rule.js";
import { allow, deny } from "../policy/verdict.js";
import {
  charter,
  lookup,
  newWorld,
  registry,
  sendEmail,
  useTestStore,
} from "../runtime/__fixtures__/crm-workflow.js";
import { openToolSession } from "../runtime/tool-session.js";
import { scriptedAgentsModel, toolOutputs } from "./__fixtures__/scripted-agents-model.js";
import { toOpenAIAgentsTools } from "./openai-agents-tools.js";

const t = useTestStore();
beforeAll(() => setTracingDisabled(true));

const noEvil = definePolicy({
  name: "no-evil-lookups",
  check: (call) =>
    call.toolName === "lookup" && (call.input as { domain?: string }).domain === "evil.io"
      ? deny("EVIL_DOMAIN", "evil.io is on the block list")
      : allow(),
});
const email = { to: "ceo@acme.com", body: "Your demo is booked." };

async function open(world = newWorld()) {
  const session = await openToolSession({
    charter,
    tools: registry,
    policies: [noEvil],
    store: t.store,
    audit: t.audit,
    input: { leadId: "L-1", domain: "acme.com" },
    env: world,
    agent: "openai-agents:scripted",
  });
  return { session, world, tools: toOpenAIAgentsTools([lookup, sendEmail], { session }) };
}

describe("toOpenAIAgentsTools in the Agents SDK's own run loop", () => {
  it("executes an allowed call, rejects a denied one in its guardrail, and interrupts for approval; approved, it resumes and executes once", async () => {
    const { session, world, tools } = await open();
    const model = scriptedAgentsModel([
      {
        calls: [
          { callId: "c-ok", name: "lookup", input: { domain: "acme.com" } },
          { callId: "c-denied", name: "lookup", input: { domain: "evil.io" } },
          { callId: "c-email", name: "send_email", input: { ...email, confidence: 0.9 } },
        ],
      },
      { text: "Email sent; lead qualified." },
    ]);
    const agent = new Agent({ name: "qualifier", instructions: "Qualify the lead.", model, tools });
    const runner = new Runner({ tracingDisabled: true });
    const first = await runner.run(agent, "Qualify lead L-1.");

    expect(first.interruptions.map((item) => item.rawItem)).toMatchObject([{ callId: "c-email" }]);
    // The gate's guardrail let the allowed call through and rejected the denied one before the SDK invoked it.
    expect(first.toolInputGuardrailResults.map((r) => [r.guardrail.name, r.output.behavior.type])).toEqual([
      ["reins-gate", "allow"],
      ["reins-gate", "rejectContent"],
    ]);
    expect(world.sent).toEqual([]);
    expect(model.requests).toHaveLength(1);
    const pending = await t.store.approvals.list({ runId: session.runId, status: "pending" });
    expect(pending.map((a) => [a.id, a.toolName, a.input])).toEqual([
      [session.approvalId("c-email"), "send_email", email],
    ]);

    // Approved in Reins (the human) and in the SDK's run state; the run resumes from its state.
    await session.decide({ callId: "c-email", decision: "approved", decidedBy: "maria" });
    for (const item of first.interruptions) first.state.approve(item);
    const second = await runner.run(agent, first.state);
    expect(second.finalOutput).toBe("Email sent; lead qualified.");
    expect(world.sent).toEqual([email]);
    expect(model.remaining()).toBe(0);

    const seen = toolOutputs(model.requests[1]);
    expect(seen["c-ok"]).toEqual({ status: "ok", output: { owner: "ana", notes: "Renewal in March." } });
    expect(seen["c-denied"]).toMatchObject({
      status: "denied",
      reasons: [{ rule: "no-evil-lookups", code: "EVIL_DOMAIN", message: "evil.io is on the block list" }],
    });
    expect(seen["c-email"]).toEqual({ status: "ok", output: { id: "m1" } });

    const ended = await session.end({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.9, rationale: "booked" },
    });
    expect(ended.toolCalls.map((c) => [c.callId, c.status])).toEqual([
      ["c-denied", "denied"],
      ["c-ok", "executed"],
      ["c-email", "executed"],
    ]);
    expect(ended.toolCalls[2]).toMatchObject({ approvedBy: "maria" });
    const types = (await t.store.audit.list(session.runId)).map((e) => e.type);
    expect(types.filter((type) => type === "tool.executed")).toHaveLength(2);
    expect(await verifyAudit(t.store)).toMatchObject({ ok: true, runs: 1 });
  });

  it("an SDK approval without the Reins one is rejected by the guardrail: nothing is sent", async () => {
    const { session, world, tools } = await open();
    const model = scriptedAgentsModel([
      { calls: [{ callId: "c-email", name: "send_email", input: email }] },
      { text: "Waiting for approval." },
    ]);
    const agent = new Agent({ name: "qualifier", instructions: "Email.", model, tools });
    const runner = new Runner({ tracingDisabled: true });
    const first = await runner.run(agent, "Email the lead.");
    for (const item of first.interruptions) first.state.approve(item);
    await runner.run(agent, first.state);
    expect(world.sent).toEqual([]);
    expect(toolOutputs(model.requests[1])["c-email"]).toMatchObject({
      status: "pending-approval",
      approvalId: session.approvalId("c-email"),
    });
    await session.end({ type: "escalation", reason: "ownership_conflict", evidence: "test" });
  });
});
