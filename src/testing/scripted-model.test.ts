import { generateText, type ModelMessage, streamText, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorCode } from "../errors/codes.js";
import { UserError } from "../errors/reins-error.js";
import { toolCall } from "./script-step.js";
import { scriptedModel } from "./scripted-model.js";

const tools = {
  lookup_order: tool({ description: "Look up an order", inputSchema: z.object({ id: z.number() }) }),
  refund: tool({
    description: "Refund an order",
    inputSchema: z.object({ id: z.number(), cents: z.number() }),
  }),
};

const question: ModelMessage = { role: "user", content: "Where is order 7?" };

const shippedResult: ModelMessage = {
  role: "tool",
  content: [
    {
      type: "tool-result",
      toolCallId: "call-0-0",
      toolName: "lookup_order",
      output: { type: "json", value: { status: "shipped" } },
    },
  ],
};

async function caught(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!UserError.isInstance(error)) throw new Error(`expected a UserError, got ${String(error)}`);
  return error;
}

function caughtSync(fn: () => void): UserError {
  try {
    fn();
  } catch (error) {
    if (UserError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a UserError, nothing was thrown");
}

describe("scriptedModel through generateText", () => {
  it("replays tool calls, then text, and records each prompt with its tool results", async () => {
    const model = scriptedModel({
      steps: [{ toolCalls: [toolCall("lookup_order", { id: 7 })] }, { text: "Order 7 shipped." }],
    });

    const first = await generateText({ model, tools, messages: [question] });
    expect(
      first.toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    ).toEqual([{ toolCallId: "call-0-0", toolName: "lookup_order", input: { id: 7 } }]);
    expect(first.finishReason).toBe("tool-calls");
    expect(first.text).toBe("");
    expect(model.remaining).toBe(1);

    const second = await generateText({
      model,
      tools,
      messages: [question, ...first.response.messages, shippedResult],
    });
    expect(second.text).toBe("Order 7 shipped.");
    expect(second.finishReason).toBe("stop");
    expect(second.toolCalls).toEqual([]);

    expect(model.calls.map((call) => [call.index, call.mode, call.toolNames])).toEqual([
      [0, "generate", ["lookup_order", "refund"]],
      [1, "generate", ["lookup_order", "refund"]],
    ]);
    expect(model.calls[0]?.prompt).toEqual([
      { role: "user", content: [{ type: "text", text: "Where is order 7?" }] },
    ]);
    expect(model.calls[0]?.toolResults).toEqual([]);
    expect(model.calls[1]?.prompt.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(model.calls[1]?.toolResults).toEqual([
      {
        type: "tool-result",
        toolCallId: "call-0-0",
        toolName: "lookup_order",
        output: { type: "json", value: { status: "shipped" } },
      },
    ]);
    expect(model.calls[0]?.tools[0]).toEqual({
      type: "function",
      name: "lookup_order",
      description: "Look up an order",
      inputSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { id: { type: "number" } },
        required: ["id"],
        additionalProperties: false,
      },
    });
    expect(model.remaining).toBe(0);
    expect(() => model.assertConsumed()).not.toThrow();
  });

  it("answers text and several tool calls in one step, keeping given ids", async () => {
    const model = scriptedModel({
      steps: [
        {
          text: "Checking both.",
          toolCalls: [
            toolCall("lookup_order", { id: 1 }, "first"),
            toolCall("refund", { id: 2, cents: 500 }),
          ],
        },
      ],
    });
    const result = await generateText({ model, tools, prompt: "Check 1, refund 2" });
    expect(result.text).toBe("Checking both.");
    expect(
      result.toolCalls.map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    ).toEqual([
      { toolCallId: "first", toolName: "lookup_order", input: { id: 1 } },
      { toolCallId: "call-0-1", toolName: "refund", input: { id: 2, cents: 500 } },
    ]);
  });

  it("runs a step's expect hook on the recorded call, and lets its failure through", async () => {
    const seen: string[][] = [];
    const model = scriptedModel({
      steps: [
        { text: "ok", expect: (call) => seen.push(call.toolNames) },
        {
          text: "never",
          expect: () => {
            throw new Error("the prompt lacked the order id");
          },
        },
      ],
    });
    await generateText({ model, tools, prompt: "hi" });
    expect(seen).toEqual([["lookup_order", "refund"]]);
    await expect(generateText({ model, tools, prompt: "hi" })).rejects.toThrow(
      "the prompt lacked the order id",
    );
  });

  it("reports usage from a step's override, or estimated as characters / 4", async () => {
    const model = scriptedModel({
      steps: [{ text: "abcdefgh" }, { text: "x", usage: { inputTokens: 120 } }],
    });
    const estimated = await model.doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
    });
    // {"prompt":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"tools":[]} is 79 characters.
    expect(estimated.usage).toEqual({
      inputTokens: { total: 20, noCache: 20, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 2, text: 2, reasoning: 0 },
    });
    const overridden = await generateText({ model, prompt: "hi" });
    expect([
      overridden.usage.inputTokens,
      overridden.usage.outputTokens,
      overridden.usage.totalTokens,
    ]).toEqual([120, 1, 121]);
  });
});

describe("scriptedModel mismatches", () => {
  it("throws ScriptMismatch on a call beyond the script, showing the last message", async () => {
    const model = scriptedModel({ steps: [{ text: "Hello." }] });
    await generateText({ model, prompt: "Hi" });
    const error = await caught(generateText({ model, prompt: "Again?" }));
    expect([error.code, error.message]).toEqual([
      ErrorCode.ScriptMismatch,
      'Scripted model "scripted": unexpected call 2 (the script has 1 step). Last message of the prompt: user: Again?',
    ]);
    expect(model.calls).toHaveLength(2);
  });

  it("shows the tool results when the unexpected call follows a tool message", async () => {
    const model = scriptedModel({ steps: [], modelId: "support-bot" });
    const error = await caught(generateText({ model, tools, messages: [question, shippedResult] }));
    expect(error.message).toBe(
      'Scripted model "support-bot": unexpected call 1 (the script has 0 steps). ' +
        'Last message of the prompt: tool: lookup_order (call-0-0) → {"status":"shipped"}',
    );
  });

  it("throws ScriptMismatch when a step calls a tool the caller did not offer", async () => {
    const model = scriptedModel({ steps: [{ toolCalls: [toolCall("delete_everything", {})] }] });
    const offered = await caught(generateText({ model, tools, prompt: "go" }));
    expect([offered.code, offered.message]).toEqual([
      ErrorCode.ScriptMismatch,
      'Scripted model "scripted": steps[0] calls tool "delete_everything", but call 1 offered only lookup_order, refund.',
    ]);
    const bare = scriptedModel({ steps: [{ toolCalls: [toolCall("lookup_order", { id: 1 })] }] });
    const none = await caught(generateText({ model: bare, prompt: "go" }));
    expect(none.message).toBe(
      'Scripted model "scripted": steps[0] calls tool "lookup_order", but call 1 offered no tools.',
    );
  });

  it("assertConsumed lists the steps never consumed", async () => {
    const model = scriptedModel({
      steps: [{ text: "one" }, { toolCalls: [toolCall("refund", { id: 2, cents: 500 })] }, { text: "three" }],
    });
    await generateText({ model, tools, prompt: "go" });
    expect(model.remaining).toBe(2);
    const error = caughtSync(() => model.assertConsumed());
    expect([error.code, error.message]).toEqual([
      ErrorCode.ScriptMismatch,
      'Scripted model "scripted": 2 steps of 3 never consumed (the model was called 1 time):\n' +
        '  steps[1]: tool calls refund {"id":2,"cents":500}\n' +
        '  steps[2]: text "three"',
    ]);
  });
});

describe("scriptedModel through streamText", () => {
  it("streams tool calls and text, recording the calls as streamed", async () => {
    const model = scriptedModel({
      steps: [{ toolCalls: [toolCall("lookup_order", { id: 7 })] }, { text: "Order 7 has shipped." }],
    });
    const first = streamText({ model, tools, messages: [question] });
    expect(
      (await first.toolCalls).map(({ toolCallId, toolName, input }) => ({ toolCallId, toolName, input })),
    ).toEqual([{ toolCallId: "call-0-0", toolName: "lookup_order", input: { id: 7 } }]);
    const second = streamText({
      model,
      tools,
      messages: [question, ...(await first.response).messages, shippedResult],
    });
    const deltas: string[] = [];
    for await (const delta of second.textStream) deltas.push(delta);
    expect(deltas).toEqual(["Order ", "7 ", "has ", "shipped."]);
    expect(await second.finishReason).toBe("stop");
    expect(model.calls.map((call) => call.mode)).toEqual(["stream", "stream"]);
    expect(model.calls[1]?.toolResults.map((result) => result.toolCallId)).toEqual(["call-0-0"]);
    model.assertConsumed();
  });

  it("surfaces ScriptMismatch as a stream error", async () => {
    const errors: unknown[] = [];
    const result = streamText({
      model: scriptedModel({ steps: [] }),
      prompt: "hi",
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(errors.map((error) => (UserError.isInstance(error) ? error.code : error))).toEqual([
      ErrorCode.ScriptMismatch,
    ]);
  });
});

describe("toolCall", () => {
  it("builds a scripted tool call, with the id only when given", () => {
    expect(toolCall("lookup_order", { id: 1 })).toEqual({ toolName: "lookup_order", input: { id: 1 } });
    expect(toolCall("lookup_order", { id: 1 }, "c9")).toEqual({
      toolName: "lookup_order",
      input: { id: 1 },
      toolCallId: "c9",
    });
  });
});
