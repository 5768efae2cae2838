import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterEach, describe, expect, it } from "vitest";
import { scriptedModel } from "../testing/index.js";
import { newWorld, resumeCrm, runCrm, useTestStore } from "./__fixtures__/crm-workflow.js";
import { modelAgent } from "./agent.js";
import { decideApproval } from "./approvals.js";

const t = useTestStore();
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer("reins-test");
afterEach(() => exporter.reset());

/** The finished spans as a tree: name, parent's name, and the attributes a test names. */
function tree(spans: readonly ReadableSpan[], keys: readonly string[]) {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  return spans
    .map((span) => ({
      name: span.name,
      parent: span.parentSpanContext ? (byId.get(span.parentSpanContext.spanId)?.name ?? "(outside)") : null,
      trace: span.spanContext().traceId,
      start: span.startTime,
      attributes: Object.fromEntries(
        keys.filter((k) => k in span.attributes).map((k) => [k, span.attributes[k]]),
      ),
    }))
    .sort((a, b) => a.start[0] - b.start[0] || a.start[1] - b.start[1])
    .map(({ start: _start, ...rest }) => rest);
}

const email = { to: "ceo@acme.com", body: "Your demo is booked." };
const keys = [
  "gen_ai.operation.name",
  "gen_ai.agent.name",
  "gen_ai.conversation.id",
  "gen_ai.request.model",
  "gen_ai.provider.name",
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.output_tokens",
  "gen_ai.tool.name",
  "gen_ai.tool.call.id",
  "reins.autonomy",
  "reins.tool.effect",
  "reins.verdict",
  "reins.reasons",
  "reins.call.status",
  "reins.approval.id",
  "reins.idempotency_key",
  "reins.attempts",
  "reins.recovery",
  "reins.run.status",
  "reins.outcome",
  "reins.resumed",
];

describe("OpenTelemetry spans of a run", () => {
  it("a run with a retry and an approval: invoke_agent per drive, chat per model call, execute_tool per call", async () => {
    const model = scriptedModel({
      modelId: "scripted-1",
      steps: [
        {
          usage: { inputTokens: 120, outputTokens: 30 },
          toolCalls: [
            { toolName: "flaky_score", input: { leadId: "L-1" }, toolCallId: "c-score" },
            { toolName: "send_email", input: { ...email, confidence: 0.9 }, toolCallId: "c-email" },
          ],
        },
        {
          usage: { inputTokens: 200, outputTokens: 12 },
          toolCalls: [
            {
              toolName: "reins_decide",
              input: { decision: "qualified", confidence: 0.9 },
              toolCallId: "c-end",
            },
          ],
        },
      ],
    });
    const agent = modelAgent(model, { name: "scripted:scripted-1" });
    const world = newWorld();
    const first = await runCrm(t, agent, { env: world, tracer });
    expect(first.status).toBe("suspended");
    const approvalId = first.suspended?.kind === "approval" ? first.suspended.approval.approvalId : "";
    await decideApproval({
      store: t.store,
      audit: t.audit,
      approvalId,
      decision: "approved",
      decidedBy: "maria",
    });
    const resumed = await resumeCrm(t, first.runId, agent, { env: world, tracer });
    expect(resumed.status).toBe("completed");
    expect(world.sent).toEqual([email]);

    const runId = first.runId;
    const spans = tree(exporter.getFinishedSpans(), keys);
    const [firstTrace, secondTrace] = [
      spans[0]?.trace,
      spans.find((s) => s.attributes["reins.resumed"] === true)?.trace,
    ];
    expect(firstTrace).not.toBe(secondTrace);
    expect(spans.map(({ trace, ...span }) => ({ ...span, trace: trace === firstTrace ? 1 : 2 }))).toEqual([
      {
        name: "invoke_agent crm-test",
        parent: null,
        trace: 1,
        attributes: {
          "gen_ai.operation.name": "invoke_agent",
          "gen_ai.agent.name": "crm-test",
          "gen_ai.conversation.id": runId,
          "reins.autonomy": "autonomous",
          "reins.resumed": false,
          "reins.run.status": "suspended",
          "reins.approval.id": approvalId,
          "gen_ai.usage.input_tokens": 120,
          "gen_ai.usage.output_tokens": 30,
        },
      },
      {
        name: "chat scripted-1",
        parent: "invoke_agent crm-test",
        trace: 1,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.provider.name": "reins.scripted",
          "gen_ai.request.model": "scripted-1",
          "gen_ai.usage.input_tokens": 120,
          "gen_ai.usage.output_tokens": 30,
        },
      },
      {
        name: "execute_tool flaky_score",
        parent: "invoke_agent crm-test",
        trace: 1,
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": "flaky_score",
          "gen_ai.tool.call.id": "c-score",
          "reins.autonomy": "autonomous",
          "reins.tool.effect": "read",
          "reins.verdict": "allow",
          "reins.call.status": "executed",
          "reins.idempotency_key": `${runId}:c-score`,
          "reins.attempts": 2,
          "reins.recovery": ["retry"],
        },
      },
      {
        name: "execute_tool send_email",
        parent: "invoke_agent crm-test",
        trace: 1,
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": "send_email",
          "gen_ai.tool.call.id": "c-email",
          "reins.autonomy": "autonomous",
          "reins.tool.effect": "action",
          "reins.verdict": "require-approval",
          "reins.reasons": ["EXTERNAL_COMMUNICATION"],
          "reins.call.status": "pending-approval",
          "reins.approval.id": approvalId,
          "reins.recovery": ["approval"],
        },
      },
      {
        name: "invoke_agent crm-test",
        parent: null,
        trace: 2,
        attributes: {
          "gen_ai.operation.name": "invoke_agent",
          "gen_ai.agent.name": "crm-test",
          "gen_ai.conversation.id": runId,
          "reins.autonomy": "autonomous",
          "reins.resumed": true,
          "reins.run.status": "completed",
          "reins.outcome": "decision",
          "gen_ai.usage.input_tokens": 320,
          "gen_ai.usage.output_tokens": 42,
        },
      },
      {
        name: "execute_tool send_email",
        parent: "invoke_agent crm-test",
        trace: 2,
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": "send_email",
          "gen_ai.tool.call.id": "c-email",
          "reins.autonomy": "autonomous",
          "reins.tool.effect": "action",
          "reins.verdict": "allow",
          "reins.call.status": "executed",
          "reins.approval.id": approvalId,
          "reins.idempotency_key": `${runId}:c-email`,
          "reins.attempts": 1,
        },
      },
      {
        name: "chat scripted-1",
        parent: "invoke_agent crm-test",
        trace: 2,
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.provider.name": "reins.scripted",
          "gen_ai.request.model": "scripted-1",
          "gen_ai.usage.input_tokens": 200,
          "gen_ai.usage.output_tokens": 12,
        },
      },
    ]);
  });

  it("no attribute holds a call's input, output or a redacted field", async () => {
    const secret = "sk-live-abcdefghijklmnop1234";
    const model = scriptedModel({
      steps: [
        { toolCalls: [{ toolName: "lookup", input: { domain: "acme.com" }, toolCallId: "c-1" }] },
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.8 } }] },
      ],
    });
    await runCrm(t, modelAgent(model), { tracer, input: { leadId: secret, domain: "acme.com" } });
    const everything = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.attributes, s.events]));
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain("acme.com");
    expect(everything).not.toContain("Renewal in March");
  });

  it("tracer: false traces nothing", async () => {
    const model = scriptedModel({
      steps: [{ toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.8 } }] }],
    });
    await runCrm(t, modelAgent(model), { tracer: false });
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
