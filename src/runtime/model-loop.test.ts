import { getEventListeners } from "node:events";
import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3Content,
} from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { scriptedModel } from "../testing/index.js";
import { newWorld, runCrm, useTestStore } from "./__fixtures__/crm-workflow.js";
import { modelAgent } from "./agent.js";

/** A provider answering raw content (tool inputs as the JSON text it sends), or throwing; records each call. */
function rawModel(answers: (LanguageModelV3Content[] | Error)[]) {
  const calls: LanguageModelV3CallOptions[] = [];
  const model: LanguageModelV3 = {
    specificationVersion: "v3",
    provider: "raw",
    modelId: "m",
    supportedUrls: {},
    async doGenerate(options) {
      calls.push(options);
      const answer = answers[calls.length - 1];
      if (answer === undefined) throw new Error(`unexpected call ${calls.length}`);
      if (answer instanceof Error) throw answer;
      return {
        content: answer,
        finishReason: { unified: "tool-calls", raw: undefined },
        usage: {
          inputTokens: { total: 10, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: undefined, text: undefined, reasoning: undefined },
        },
        warnings: [],
      };
    },
    async doStream() {
      throw new Error("not streamed");
    },
  };
  return { model, calls };
}

const t = useTestStore();

describe("the model loop", () => {
  it("reads, acts and decides; the prompt carries the charter and the input; usage is counted", async () => {
    const world = newWorld();
    const model = scriptedModel({
      steps: [
        {
          expect: (call) => {
            expect(call.toolNames).toEqual([
              "lookup",
              "update_lead",
              "send_email",
              "flaky_score",
              "broken_score",
              "cached_score",
              "down_score",
              "slow_score",
              "bad_score",
              "reins_decide",
              "reins_escalate",
              "reins_ask",
              "reins_refuse",
            ]);
            expect(JSON.stringify(call.prompt)).toContain("Qualify the lead.");
            expect(JSON.stringify(call.prompt)).toContain("L-1");
          },
          toolCalls: [{ toolName: "lookup", input: { domain: "acme.com" } }],
          usage: { inputTokens: 100, outputTokens: 10 },
        },
        {
          toolCalls: [
            { toolName: "update_lead", input: { leadId: "L-1", status: "qualified", confidence: 0.95 } },
          ],
          usage: { inputTokens: 150, outputTokens: 12 },
        },
        {
          toolCalls: [
            {
              toolName: "reins_decide",
              input: { decision: "qualified", confidence: 0.95, rationale: "Known account." },
            },
          ],
          usage: { inputTokens: 200, outputTokens: 20 },
        },
      ],
    });
    const result = await runCrm(t, modelAgent(model), { env: world });
    model.assertConsumed();
    expect(world.updates).toEqual([{ leadId: "L-1", status: "qualified" }]);
    expect(result.outcome).toEqual({
      type: "decision",
      decision: { decision: "qualified", confidence: 0.95, rationale: "Known account." },
      draft: false,
    });
    expect(result.usage).toEqual({ modelCalls: 3, inputTokens: 450, outputTokens: 42 });
  });

  it("gives one repair attempt for an invalid decision", async () => {
    const model = scriptedModel({
      steps: [
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "maybe", confidence: 2 } }] },
        {
          expect: (call) =>
            expect(call.toolResults).toMatchObject([
              {
                type: "tool-result",
                toolCallId: "call-0-0",
                toolName: "reins_decide",
                output: {
                  type: "error-text",
                  value:
                    'the decision does not match the charter\'s decision schema (decision: Invalid option: expected one of "qualified"|"nurture"|"disqualified"; confidence: Too big: expected number to be <=1). Call reins_decide again with valid arguments.',
                },
              },
            ]),
          toolCalls: [{ toolName: "reins_decide", input: { decision: "nurture", confidence: 0.8 } }],
        },
      ],
    });
    const result = await runCrm(t, modelAgent(model));
    model.assertConsumed();
    expect(result.outcome).toEqual({
      type: "decision",
      decision: { decision: "nurture", confidence: 0.8 },
      draft: false,
    });
  });

  it("ends in needs_review after the repair attempt fails too", async () => {
    const model = scriptedModel({
      steps: [
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "maybe", confidence: 0.5 } }] },
        { toolCalls: [{ toolName: "reins_decide", input: { decision: "still-maybe", confidence: 0.5 } }] },
      ],
    });
    const result = await runCrm(t, modelAgent(model));
    model.assertConsumed();
    expect(result.outcome).toMatchObject({
      type: "escalation",
      reason: "needs_review",
      evidence: { lastAttempt: { decision: "still-maybe", confidence: 0.5 } },
    });
  });

  it("nudges a model that answers in prose once, then escalates", async () => {
    const model = scriptedModel({
      steps: [{ text: "I think it is qualified." }, { text: "Qualified, really." }],
    });
    const result = await runCrm(t, modelAgent(model));
    model.assertConsumed();
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "needs_review",
      evidence: {
        problem: "the model answered without a tool call or a decision, twice",
        lastAttempt: "Qualified, really.",
      },
    });
  });

  it("stops at the charter's step limit", async () => {
    const steps = Array.from({ length: 8 }, () => ({
      toolCalls: [{ toolName: "lookup", input: { domain: "acme.com" } }],
    }));
    const result = await runCrm(t, modelAgent(scriptedModel({ steps })));
    expect(result.outcome).toEqual({
      type: "escalation",
      reason: "step_limit",
      evidence: "no conclusion after 8 model steps (limits.maxSteps)",
    });
  });

  it("escalates, asks and refuses through control tools", async () => {
    const escalate = scriptedModel({
      steps: [
        {
          toolCalls: [
            {
              toolName: "reins_escalate",
              input: { reason: "ownership_conflict", evidence: "A-1 vs A-2", recommendation: "Keep A-1" },
            },
          ],
        },
      ],
    });
    expect((await runCrm(t, modelAgent(escalate))).outcome).toEqual({
      type: "escalation",
      reason: "ownership_conflict",
      evidence: "A-1 vs A-2",
      recommendation: "Keep A-1",
    });
    const ask = scriptedModel({
      steps: [
        {
          toolCalls: [
            { toolName: "reins_ask", input: { fields: ["form.employees"], question: "How many employees?" } },
          ],
        },
      ],
    });
    expect((await runCrm(t, modelAgent(ask))).outcome).toEqual({
      type: "needs-input",
      fields: ["form.employees"],
      question: "How many employees?",
    });
  });

  it("calls the provider's doGenerate with the prompt, tools and settings, and gates raw tool calls", async () => {
    const { model, calls } = rawModel([
      [
        { type: "reasoning", text: "Check first.", providerMetadata: { anthropic: { signature: "sig" } } },
        { type: "tool-call", toolCallId: "ok", toolName: "lookup", input: '{"domain":"acme.com"}' },
        { type: "tool-call", toolCallId: "bad-json", toolName: "lookup", input: '{"domain":' },
        { type: "tool-call", toolCallId: "blank", toolName: "lookup", input: "" },
        { type: "tool-call", toolCallId: "unknown", toolName: "export_customers", input: "" },
      ],
      [{ type: "tool-call", toolCallId: "end", toolName: "reins_refuse", input: '{"reason":"Enough."}' }],
    ]);
    const result = await runCrm(t, modelAgent(model, { temperature: 0.2 }));
    expect(result.outcome).toEqual({ type: "refusal", reason: "Enough." });
    expect(result.usage).toEqual({ modelCalls: 2, inputTokens: 20, outputTokens: 0 });
    expect(result.toolCalls.map((c) => [c.callId, c.input, c.status, c.verdict])).toEqual([
      ["ok", { domain: "acme.com" }, "executed", { type: "allow" }],
      [
        "bad-json",
        '{"domain":',
        "denied",
        expect.objectContaining({ reasons: [expect.objectContaining({ code: "INPUT_INVALID" })] }),
      ],
      [
        "blank",
        {},
        "denied",
        expect.objectContaining({ reasons: [expect.objectContaining({ code: "INPUT_INVALID" })] }),
      ],
      [
        "unknown",
        {},
        "denied",
        expect.objectContaining({ reasons: [expect.objectContaining({ code: "TOOL_NOT_IN_CHARTER" })] }),
      ],
    ]);
    const first = calls[0] as LanguageModelV3CallOptions;
    expect(Object.keys(first).sort()).toEqual([
      "abortSignal",
      "prompt",
      "temperature",
      "toolChoice",
      "tools",
    ]);
    expect(first.toolChoice).toEqual({ type: "auto" });
    expect(first.temperature).toBe(0.2);
    expect(first.abortSignal).toBeInstanceOf(AbortSignal);
    expect(first.tools?.map((tool) => tool.name)).toContain("reins_refuse");
    expect(first.prompt.map((m) => m.role)).toEqual(["system", "user"]);
    // The model's message goes back as it came (reasoning signature included), inputs the provider can send.
    expect((calls[1] as LanguageModelV3CallOptions).prompt.slice(2).map((m) => m.content)).toEqual([
      [
        { type: "reasoning", text: "Check first.", providerOptions: { anthropic: { signature: "sig" } } },
        { type: "tool-call", toolCallId: "ok", toolName: "lookup", input: { domain: "acme.com" } },
        { type: "tool-call", toolCallId: "bad-json", toolName: "lookup", input: {} },
        { type: "tool-call", toolCallId: "blank", toolName: "lookup", input: {} },
        { type: "tool-call", toolCallId: "unknown", toolName: "export_customers", input: {} },
      ],
      ["ok", "bad-json", "blank", "unknown"].map((id) =>
        expect.objectContaining({ type: "tool-result", toolCallId: id }),
      ),
    ]);
  });

  it("retries a rate-limited request, then fails the run with a message the eval harness knows as a rate limit", async () => {
    const limited = () =>
      new APICallError({
        message: "Rate limit reached",
        url: "http://127.0.0.1/v1/chat/completions",
        requestBodyValues: {},
        statusCode: 429,
        responseHeaders: { "retry-after-ms": "0" },
      });
    const { model, calls } = rawModel([limited(), limited()]);
    const result = await runCrm(t, modelAgent(model, { maxRetries: 1 }));
    expect(calls).toHaveLength(2);
    expect(result.status).toBe("failed");
    expect(result.outcome).toEqual({
      type: "error",
      code: "AGENT_ERROR",
      message: "Failed after 2 attempts. Last error: Rate limit reached",
    });
  });

  it("aborts the provider's request when the run is aborted, through a signal of the run's own", async () => {
    const controller = new AbortController();
    let request: AbortSignal | undefined;
    const { model } = rawModel([]);
    model.doGenerate = async (options) => {
      request = options.abortSignal;
      controller.abort(new Error("cancelled by the caller"));
      throw options.abortSignal?.reason;
    };
    const aborted = await runCrm(t, modelAgent(model), { signal: controller.signal });
    expect(request?.aborted).toBe(true);
    expect(request).not.toBe(controller.signal);
    expect(aborted.status).toBe("failed");
    expect(aborted.outcome).toEqual({
      type: "error",
      code: ErrorCode.RunCancelled,
      message: "the run was cancelled: cancelled by the caller",
    });

    // The provider's fetch keeps listeners on a request's signal until collected: a long-lived one gets none of
    // them, and one listener however many runs share it.
    const longLived = new AbortController().signal;
    const refuse = () =>
      modelAgent(
        scriptedModel({ steps: [{ toolCalls: [{ toolName: "reins_refuse", input: { reason: "No." } }] }] }),
      );
    const done = await Promise.all([
      runCrm(t, refuse(), { signal: longLived }),
      runCrm(t, refuse(), { signal: longLived }),
    ]);
    expect(done.map((r) => r.outcome)).toEqual([
      { type: "refusal", reason: "No." },
      { type: "refusal", reason: "No." },
    ]);
    expect(getEventListeners(longLived, "abort")).toHaveLength(1);
  });
});
