import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { generateText, type ModelMessage, stepCountIs } from "ai";
import { describe, expect, it } from "vitest";
import { verifyAudit } from "../audit/verify-audit.js";
import type { AnyToolCard } from "../contract/tool-card.js";
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
import { scriptedModel, toolCall } from "../testing/index.js";
import { toAiSdkTools } from "./ai-sdk-tools.js";

const t = useTestStore();

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
    agent: "ai-sdk:scripted",
  });
  return { session, world, tools: toAiSdkTools([lookup, sendEmail], { session }) };
}

describe("toAiSdkTools in generateText's own loop", () => {
  it("executes an allowed call, denies a denied one, and asks the SDK's approval for an approval-required one", async () => {
    const { session, world, tools } = await open();
    const model = scriptedModel({
      steps: [
        {
          toolCalls: [
            toolCall("lookup", { domain: "acme.com" }, "c-ok"),
            toolCall("lookup", { domain: "evil.io" }, "c-denied"),
            toolCall("send_email", { ...email, confidence: 0.9 }, "c-email"),
          ],
        },
        { text: "Email sent; lead qualified." },
      ],
    });
    const prompt: ModelMessage[] = [{ role: "user", content: "Qualify lead L-1." }];
    const first = await generateText({ model, tools, messages: prompt, stopWhen: stepCountIs(5) });

    // The SDK stopped for its approval: the email is not sent, the model was asked once.
    expect(model.calls).toHaveLength(1);
    expect(world.sent).toEqual([]);
    const results = first.toolResults.map((r) => [r.toolCallId, (r.output as { status: string }).status]);
    expect(results).toEqual([
      ["c-ok", "ok"],
      ["c-denied", "denied"],
    ]);
    const denied = first.toolResults.find((r) => r.toolCallId === "c-denied")?.output;
    expect(denied).toMatchObject({
      status: "denied",
      reasons: [{ rule: "no-evil-lookups", code: "EVIL_DOMAIN", message: "evil.io is on the block list" }],
    });
    const requests = first.content.filter((part) => part.type === "tool-approval-request");
    expect(requests.map((r) => r.toolCall.toolCallId)).toEqual(["c-email"]);
    const pending = await t.store.approvals.list({ runId: session.runId, status: "pending" });
    expect(pending.map((a) => [a.id, a.toolName, a.input])).toEqual([
      [session.approvalId("c-email"), "send_email", email],
    ]);

    // A human approves in Reins; the app answers the SDK's request; the SDK executes the call, once.
    await session.decide({ callId: "c-email", decision: "approved", decidedBy: "maria" });
    const request = requests[0];
    if (request?.type !== "tool-approval-request") throw new Error("no approval request");
    const second = await generateText({
      model,
      tools,
      messages: [
        ...prompt,
        ...first.response.messages,
        {
          role: "tool",
          content: [{ type: "tool-approval-response", approvalId: request.approvalId, approved: true }],
        },
      ],
      stopWhen: stepCountIs(5),
    });
    expect(second.text).toBe("Email sent; lead qualified.");
    expect(world.sent).toEqual([email]);
    model.assertConsumed();
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

    const ended = await session.end({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.9, rationale: "booked" },
    });
    expect(ended.status).toBe("completed");
    // In the order they were settled: the denial when the SDK asked whether it needed approval.
    expect(ended.toolCalls.map((c) => [c.callId, c.status])).toEqual([
      ["c-denied", "denied"],
      ["c-ok", "executed"],
      ["c-email", "executed"],
    ]);
    expect(ended.toolCalls[2]).toMatchObject({ approvedBy: "maria" });
    const types = (await t.store.audit.list(session.runId)).map((e) => e.type);
    expect(types.filter((type) => type === "tool.executed")).toHaveLength(2);
    expect(types).toContain("approval.requested");
    expect(types).toContain("approval.decided");
    expect(types.at(-1)).toBe("run.ended");
    expect(await verifyAudit(t.store)).toMatchObject({ ok: true, runs: 1 });
  });

  it("an SDK approval alone does not execute: the Reins approval is still pending", async () => {
    const { session, world, tools } = await open();
    const model = scriptedModel({
      steps: [{ toolCalls: [toolCall("send_email", email, "c-email")] }, { text: "Waiting." }],
    });
    const prompt: ModelMessage[] = [{ role: "user", content: "Email the lead." }];
    const first = await generateText({ model, tools, messages: prompt, stopWhen: stepCountIs(5) });
    const request = first.content.find((part) => part.type === "tool-approval-request");
    if (request?.type !== "tool-approval-request") throw new Error("no approval request");
    const second = await generateText({
      model,
      tools,
      messages: [
        ...prompt,
        ...first.response.messages,
        {
          role: "tool",
          content: [{ type: "tool-approval-response", approvalId: request.approvalId, approved: true }],
        },
      ],
      stopWhen: stepCountIs(5),
    });
    expect(world.sent).toEqual([]);
    // The SDK executes approved calls before its first step; their results open its response.
    const executed = second.response.messages[0];
    const outputs =
      executed?.role === "tool"
        ? executed.content.map((part) => part.type === "tool-result" && part.output)
        : [];
    expect(outputs).toEqual([
      {
        type: "json",
        value: {
          status: "pending-approval",
          approvalId: session.approvalId("c-email"),
          reasons: expect.any(Array),
          message: `Waiting for a human's approval (${session.approvalId("c-email")}); "send_email" has not been executed.`,
        },
      },
    ]);
    await session.end({ type: "escalation", reason: "ownership_conflict", evidence: "test" });
  });

  it("refuses a card the session does not resolve to, or one the charter does not allow", async () => {
    const { session } = await open();
    const { exportCustomers } = await import("../runtime/__fixtures__/crm-workflow.js");
    expect(() => toAiSdkTools([{ ...lookup } as AnyToolCard], { session })).toThrow(
      /toAiSdkTools: cards\[0\] \("lookup"\) is not a card of the session's tools/,
    );
    expect(() => toAiSdkTools([exportCustomers], { session })).toThrow(
      /toAiSdkTools: cards\[0\] \("export_customers"\) is not among the charter's allowed tools/,
    );
    await session.end({ type: "refusal", reason: "test over" });
  });

  it("a traced session: an invoke_agent span from open to end, an execute_tool span per gated call", async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const session = await openToolSession({
      charter,
      tools: registry,
      store: t.store,
      audit: t.audit,
      input: { leadId: "L-1", domain: "acme.com" },
      env: newWorld(),
      agent: "ai-sdk:scripted",
      tracer: provider.getTracer("t"),
    });
    const model = scriptedModel({
      steps: [{ toolCalls: [toolCall("lookup", { domain: "acme.com" }, "c-ok")] }, { text: "done" }],
    });
    const tools = toAiSdkTools([lookup], { session });
    await generateText({ model, tools, prompt: "Look it up.", stopWhen: stepCountIs(3) });
    await session.end({ type: "decision", decision: { decision: "nurture", confidence: 0.8 } });
    const spans = exporter.getFinishedSpans();
    const run = spans.find((s) => s.name === "invoke_agent crm-test");
    expect(
      spans.map((s) => [s.name, s.attributes["reins.call.status"] ?? s.attributes["reins.run.status"]]),
    ).toEqual([
      ["execute_tool lookup", "executed"],
      ["invoke_agent crm-test", "completed"],
    ]);
    expect(spans[0]?.parentSpanContext?.spanId).toBe(run?.spanContext().spanId);
    expect(run?.attributes["reins.agent"]).toBe("ai-sdk:scripted");
  });
});
